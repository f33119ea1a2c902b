import { test } from "node:test";
import assert from "node:assert/strict";
import { iso } from "../util/clock.ts";
import { installCoreJobs, PRUNE_RUNS_TASK, PRUNE_STORE_TASK } from "./core-jobs.ts";
import { jobsRunKind, TaskTable } from "./kinds/jobs-run.ts";
import { testKind, createTestScheduler, runsOf, settle } from "./testing.ts";
import { alertsEvaluateKind, countersResetKind } from "./kinds/alert-kinds.ts";
import { RecordingAlertSink } from "../connectors/testing.ts";

test("each job keeps only its newest keepPerKey runs, pruned as runs finish", async () => {
  const work = testKind("test.work");
  const { scheduler, timers, db } = createTestScheduler([work], { retention: { keepPerKey: 3 } });
  scheduler.upsert({ key: "work", kind: "test.work", intervalS: 10 });
  scheduler.upsert({ key: "other", kind: "test.work", intervalS: 1000 });
  scheduler.start();
  await timers.advance(50_000);
  assert.equal(work.calls.filter((call) => call.key === "work").length, 6);
  assert.deepEqual(runsOf(db, "work").map((run) => run.started_at),
    ["2026-01-01T00:00:30.000Z", "2026-01-01T00:00:40.000Z", "2026-01-01T00:00:50.000Z"]);
  assert.equal(runsOf(db, "other").length, 1);
  await scheduler.stop();
});

test("pruneRuns drops runs older than maxAgeDays and beyond keepPerKey, never running ones", () => {
  const { scheduler, clock, db } = createTestScheduler([testKind("test.work")], { retention: { keepPerKey: 2, maxAgeDays: 14 } });
  const insert = db.prepare("INSERT INTO job_runs (job_key, kind, status, started_at) VALUES (?, 'test.work', ?, ?)");
  const daysAgo = (days: number) => iso(clock.now() - days * 86_400_000);
  insert.run("old", "ok", daysAgo(20));
  insert.run("old", "running", daysAgo(20));
  for (const days of [5, 4, 3, 2]) insert.run("busy", "ok", daysAgo(days));
  insert.run("fresh", "failed", daysAgo(1));

  assert.deepEqual(scheduler.pruneRuns(), { deleted: 3 });
  const left = db.prepare("SELECT job_key, status, started_at FROM job_runs ORDER BY id").all();
  assert.deepEqual(left, [
    { job_key: "old", status: "running", started_at: daysAgo(20) },
    { job_key: "busy", status: "ok", started_at: daysAgo(3) },
    { job_key: "busy", status: "ok", started_at: daysAgo(2) },
    { job_key: "fresh", status: "failed", started_at: daysAgo(1) },
  ]);
});

test("installCoreJobs installs alerts.evaluate, counters.reset and the nightly prune tasks, idempotently", async () => {
  const tasks = new TaskTable();
  const sink = new RecordingAlertSink();
  const { scheduler, db, clock } = createTestScheduler([jobsRunKind(tasks), alertsEvaluateKind(sink), countersResetKind(sink)]);
  installCoreJobs(scheduler, tasks, { db, clock });
  const jobs = installCoreJobs(scheduler, tasks, { db, clock, retention: { alertDays: 7, metricDays: 3, auditDays: 30 } });
  assert.deepEqual(jobs.map((job) => [job.key, job.kind, job.owner, job.interval_s, job.cron]), [
    ["alerts.evaluate", "alerts.evaluate", "core", 60, null],
    ["counters.reset", "counters.reset", "core", null, "0 0 * * *"],
    [`jobs.run:${PRUNE_RUNS_TASK}`, "jobs.run", "core", null, "17 3 * * *"],
    [`jobs.run:${PRUNE_STORE_TASK}`, "jobs.run", "core", null, "37 3 * * *"],
  ]);
  // A changed policy takes effect at the next boot: the job's payload carries it.
  assert.deepEqual(scheduler.get(`jobs.run:${PRUNE_STORE_TASK}`)!.payload, { task: PRUNE_STORE_TASK, args: { alert_days: 7, metric_days: 3, audit_days: 30 }, timeout_s: 3_600 });
  assert.equal(scheduler.get("counters.reset")!.next_run_at, "2026-01-02T00:00:00.000Z");
  assert.deepEqual(tasks.names(), [PRUNE_RUNS_TASK, PRUNE_STORE_TASK]);

  db.prepare("INSERT INTO job_runs (job_key, kind, status, started_at) VALUES ('gone', 'x', 'ok', ?)").run(iso(clock.now() - 30 * 86_400_000));
  scheduler.start();
  await settle();
  const run = await scheduler.runNow(`jobs.run:${PRUNE_RUNS_TASK}`);
  assert.deepEqual([run.status, run.result], ["ok", { deleted: 1 }]);
  assert.equal(runsOf(db, "gone").length, 0);
  await scheduler.stop();
});
