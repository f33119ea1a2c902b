import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { openDatabase } from "../store/database.ts";
import { ManualClock } from "../util/clock.ts";
import { RecordingAlertSink } from "../connectors/testing.ts";
import { CORE_JOB_KINDS, createJobKinds, JobKindRegistry } from "./registry.ts";
import { jobsRunKind, TaskTable } from "./kinds/jobs-run.ts";
import { alertsEvaluateKind, countersResetKind } from "./kinds/alert-kinds.ts";
import { createTestScheduler, runsOf, testKind } from "./testing.ts";

const unused = {
  poll: async () => {
    throw new Error("not polled in this test");
  },
  read: async () => [],
};

test("the registry holds exactly the five core kinds with their default schedules and timeouts", () => {
  const kinds = createJobKinds({
    db: openDatabase(":memory:"), clock: new ManualClock(), alerts: new RecordingAlertSink(),
    polls: unused, metrics: unused, tasks: new TaskTable(),
  });
  const summary = kinds.list().map((kind) => [kind.name, kind.defaultIntervalS ?? kind.defaultCron ?? null, kind.defaultTimeoutMs]);
  assert.deepEqual(summary, [
    ["connector.poll", 60, 60_000],
    ["metrics.poll", 30, 20_000],
    ["jobs.run", null, 600_000],
    ["alerts.evaluate", 60, 30_000],
    ["counters.reset", "0 0 * * *", 30_000],
  ]);
  assert.deepEqual(kinds.list().map((kind) => kind.name), [...CORE_JOB_KINDS]);
  assert.ok(kinds.list().every((kind) => kind.description.length > 0));
});

test("an unknown kind is JOB_KIND_UNKNOWN; registering a name twice is a CONFLICT", () => {
  const kinds = new JobKindRegistry([testKind("a")]);
  assert.equal(kinds.has("a"), true);
  assert.throws(() => kinds.get("b"), (error) => OcError.is(error, "JOB_KIND_UNKNOWN"));
  assert.throws(() => kinds.register(testKind("a")), (error) => OcError.is(error, "CONFLICT"));
});

test("alerts.evaluate and counters.reset call the AlertSink and keep its answer as the run result", async () => {
  const sink = new RecordingAlertSink();
  const { scheduler, db, timers } = createTestScheduler([alertsEvaluateKind(sink), countersResetKind(sink)]);
  timers.clock.set("2026-01-01T23:50:00.000Z");
  scheduler.upsert({ key: "alerts.evaluate", kind: "alerts.evaluate", intervalS: 60 });
  scheduler.upsert({ key: "counters.reset", kind: "counters.reset", cron: "0 0 * * *" });
  scheduler.start();
  await timers.advance(15 * 60_000);
  assert.equal(sink.evaluations, 16);
  assert.equal(sink.resets, 1);
  assert.deepEqual(runsOf(db, "counters.reset").map((run) => [run.started_at, run.result]), [["2026-01-02T00:00:00.000Z", { reset: 3 }]]);
  assert.deepEqual(runsOf(db, "alerts.evaluate").at(-1)!.result, { markedStale: 0, expired: 0, flapping: 0 });
  await scheduler.stop();
});

test("jobs.run starts the named task with its args; an unregistered task fails with JOB_TASK_UNKNOWN", async () => {
  const tasks = new TaskTable();
  const seen: unknown[] = [];
  const unregister = tasks.register("devices.sync", async (args, context) => {
    seen.push([args, context.job.key, context.trigger]);
    return { synced: 12 };
  });
  assert.throws(() => tasks.register("devices.sync", async () => null), (error) => OcError.is(error, "CONFLICT"));
  const { scheduler } = createTestScheduler([jobsRunKind(tasks)]);
  scheduler.upsert({ key: "sync", kind: "jobs.run", cron: "*/15 * * * *", payload: { task: "devices.sync", args: { full: true } } });
  scheduler.upsert({ key: "ghost", kind: "jobs.run", owner: "addon:x", cron: "0 * * * *", payload: { task: "addon:x/report" } });
  scheduler.upsert({ key: "no-task", kind: "jobs.run", cron: "0 * * * *" });
  scheduler.start();

  const ok = await scheduler.runNow("sync");
  assert.deepEqual([ok.status, ok.result], ["ok", { synced: 12 }]);
  assert.deepEqual(seen, [[{ full: true }, "sync", "manual"]]);
  const ghost = await scheduler.runNow("ghost");
  assert.deepEqual([ghost.status, ghost.error_code], ["failed", "JOB_TASK_UNKNOWN"]);
  assert.equal((await scheduler.runNow("no-task")).error_code, "VALIDATION_FAILED");
  unregister();
  assert.equal((await scheduler.runNow("sync")).error_code, "JOB_TASK_UNKNOWN");
  await scheduler.stop();
});

test("jobs.run honours a payload timeout_s", async () => {
  const tasks = new TaskTable();
  tasks.register("backup", () => new Promise(() => {}));
  const { scheduler, timers } = createTestScheduler([jobsRunKind(tasks)]);
  scheduler.upsert({ key: "backup", kind: "jobs.run", cron: "0 2 * * *", payload: { task: "backup", timeout_s: 90 } });
  scheduler.start();
  const pending = scheduler.runNow("backup");
  await timers.advance(90_000);
  assert.equal((await pending).status, "timeout");
});
