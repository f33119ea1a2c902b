import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createTestScheduler, Deferred, runsOf, settle, testKind } from "./testing.ts";

const failsWith = (code: string) => (error: unknown) => OcError.is(error, code);

test("upsert validates the kind, the schedule, the owner and the payload", () => {
  const { scheduler } = createTestScheduler([testKind("test.work")]);
  assert.throws(() => scheduler.upsert({ key: "a", kind: "nope", intervalS: 10 }), failsWith("JOB_KIND_UNKNOWN"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work" }), failsWith("JOB_SCHEDULE_INVALID"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", intervalS: 10, cron: "* * * * *" }), failsWith("JOB_SCHEDULE_INVALID"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", intervalS: 0.5 }), failsWith("JOB_SCHEDULE_INVALID"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", intervalS: 0 }), failsWith("JOB_SCHEDULE_INVALID"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", cron: "61 * * * *" }), failsWith("CRON_INVALID"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", intervalS: 10, owner: "someone" }), failsWith("VALIDATION_FAILED"));
  assert.throws(() => scheduler.upsert({ key: "", kind: "test.work", intervalS: 10 }), failsWith("VALIDATION_FAILED"));
  assert.throws(() => scheduler.upsert({ key: "a", kind: "test.work", intervalS: 10, payload: [] as never }), failsWith("VALIDATION_FAILED"));
  assert.deepEqual(scheduler.list(), []);
});

test("upsert creates a job, keeps its next run when nothing changed, and reschedules when the schedule changes", async () => {
  const { scheduler, timers } = createTestScheduler([testKind("test.work")], { jitterFraction: 0.1, random: () => 0.5 });
  const created = scheduler.upsert({ key: "a", kind: "test.work", owner: "addon:x", intervalS: 100, payload: { n: 1 } });
  assert.deepEqual({ ...created, created_at: undefined, updated_at: undefined }, {
    key: "a", kind: "test.work", owner: "addon:x", interval_s: 100, cron: null, enabled: true, payload: { n: 1 },
    next_run_at: "2026-01-01T00:00:05.000Z", last_run_at: null, last_status: null, created_at: undefined, updated_at: undefined,
  });
  await timers.advance(3_000);
  const same = scheduler.upsert({ key: "a", kind: "test.work", owner: "addon:x", intervalS: 100, payload: { n: 2 } });
  assert.equal(same.next_run_at, created.next_run_at);
  assert.deepEqual(same.payload, { n: 2 });
  const moved = scheduler.upsert({ key: "a", kind: "test.work", owner: "addon:x", cron: "30 * * * *" });
  assert.deepEqual([moved.interval_s, moved.cron, moved.next_run_at], [null, "30 * * * *", "2026-01-01T00:30:00.000Z"]);
});

test("a disabled job does not run; an admin's disable survives re-upserts; enable schedules it afresh", async () => {
  const work = testKind("test.work");
  const { scheduler, timers } = createTestScheduler([work]);
  scheduler.upsert({ key: "a", kind: "test.work", intervalS: 10 });
  const disabled = scheduler.disable("a");
  assert.deepEqual([disabled.enabled, disabled.next_run_at], [false, null]);
  scheduler.upsert({ key: "a", kind: "test.work", intervalS: 10 });
  assert.equal(scheduler.get("a")!.enabled, false);
  scheduler.start();
  await timers.advance(60_000);
  assert.equal(work.calls.length, 0);
  const enabled = scheduler.enable("a");
  assert.equal(enabled.next_run_at, "2026-01-01T00:01:00.000Z");
  await settle();
  await timers.advance(0);
  assert.equal(work.calls.length, 1);
  assert.throws(() => scheduler.enable("nope"), failsWith("JOB_NOT_FOUND"));
  await scheduler.stop();
});

test("a job upserted while the scheduler runs is picked up without waiting for the next wake-up", async () => {
  const work = testKind("test.work");
  const { scheduler, timers } = createTestScheduler([work]);
  scheduler.upsert({ key: "daily", kind: "test.work", cron: "0 0 * * *" });
  scheduler.start();
  await timers.advance(1_000);
  scheduler.upsert({ key: "soon", kind: "test.work", intervalS: 5 });
  await timers.advance(0);
  assert.deepEqual(work.calls.map((call) => call.key), ["soon"]);
  await scheduler.stop();
});

test("remove deletes a job and aborts its run; removeByOwner removes exactly that owner's jobs", async () => {
  const gate = new Deferred();
  const work = testKind("test.work", () => gate.promise, 60_000);
  const { scheduler, db } = createTestScheduler([work]);
  scheduler.upsert({ key: "x.poll.1", kind: "test.work", owner: "addon:x", intervalS: 60 });
  scheduler.upsert({ key: "x.schedule", kind: "test.work", owner: "addon:x", cron: "0 3 * * *" });
  scheduler.upsert({ key: "y.poll.1", kind: "test.work", owner: "addon:y", cron: "0 3 * * *" });
  scheduler.upsert({ key: "core.job", kind: "test.work", cron: "0 3 * * *" });
  scheduler.start();
  await settle();
  assert.ok(scheduler.isRunning("x.poll.1"));

  assert.deepEqual(scheduler.removeByOwner("addon:x"), ["x.poll.1", "x.schedule"]);
  await settle();
  assert.deepEqual(scheduler.list().map((job) => job.key), ["core.job", "y.poll.1"]);
  assert.equal(work.calls[0]!.signal.aborted, true);
  assert.deepEqual(runsOf(db, "x.poll.1").map((run) => [run.status, run.error_code]), [["interrupted", "JOB_INTERRUPTED"]]);
  assert.equal(scheduler.remove("core.job"), true);
  assert.equal(scheduler.remove("core.job"), false);
  assert.deepEqual(scheduler.removeByOwner("addon:none"), []);
  await scheduler.stop(0);
});

test("a job whose schedule is corrupt in the database is disabled with a failed run; the others keep running", async () => {
  const work = testKind("test.work");
  const errors: unknown[] = [];
  const { scheduler, db, timers } = createTestScheduler([work], { onError: (error) => errors.push(error) });
  scheduler.upsert({ key: "bad", kind: "test.work", cron: "0 0 * * *" });
  scheduler.upsert({ key: "good", kind: "test.work", intervalS: 10 });
  db.prepare("UPDATE scheduler_jobs SET cron = 'every day', next_run_at = '2026-01-01T00:00:00.000Z' WHERE key = 'bad'").run();
  scheduler.start();
  await timers.advance(10_000);
  assert.deepEqual(runsOf(db, "bad").map((run) => [run.status, run.error_code]), [["failed", "CRON_INVALID"]]);
  assert.equal(scheduler.get("bad")!.enabled, false);
  assert.equal(runsOf(db, "good").length, 2);
  assert.equal(errors.length, 1);
  await scheduler.stop();
});
