import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { untilAborted } from "./abort.ts";
import { createTestScheduler, Deferred, runsOf, settle, testKind } from "./testing.ts";

test("a tick due while the previous run still goes is recorded 'skipped', and the job resumes after", async () => {
  const gate = new Deferred();
  let calls = 0;
  const slow = testKind("test.slow", () => (++calls === 1 ? gate.promise : Promise.resolve("quick")), 60_000);
  const { scheduler, timers, db } = createTestScheduler([slow]);
  scheduler.upsert({ key: "slow", kind: "test.slow", intervalS: 10 });
  scheduler.start();
  await timers.advance(20_000);
  assert.equal(slow.calls.length, 1);
  assert.ok(scheduler.isRunning("slow"));
  gate.resolve("slow done");
  await timers.advance(10_000);
  const runs = runsOf(db, "slow");
  assert.deepEqual(runs.map((run) => run.status), ["ok", "skipped", "skipped", "ok"]);
  assert.equal(runs[0]!.duration_ms, 20_000);
  assert.equal(runs[1]!.error_code, "JOB_ALREADY_RUNNING");
  assert.match(runs[1]!.error_message!, new RegExp(`run ${runs[0]!.id} of slow`));
  assert.equal(slow.calls.length, 2);
  await scheduler.stop();
});

test("a run past its timeout is recorded 'timeout' at once, but the next run waits until the hung handler settles", async () => {
  const hung = new Deferred();
  let calls = 0;
  // The first call ignores its abort signal and finishes only when the test says so.
  const hangsOnce = testKind("test.hang", () => (++calls === 1 ? hung.promise : Promise.resolve("ok")), 3_000);
  const reported: unknown[] = [];
  const { scheduler, timers, db } = createTestScheduler([hangsOnce], { onError: (error) => reported.push(error) });
  scheduler.upsert({ key: "hang", kind: "test.hang", intervalS: 10 });
  scheduler.start();
  await timers.advance(2_999);
  assert.equal(runsOf(db, "hang")[0]!.status, "running");
  assert.deepEqual(scheduler.stuckKeys(), [], "running within its timeout is not stuck");
  await timers.advance(1);
  const [timedOut] = runsOf(db, "hang");
  assert.equal(timedOut!.status, "timeout");
  assert.equal(timedOut!.error_code, "JOB_TIMEOUT");
  assert.equal(timedOut!.duration_ms, 3_000);
  assert.equal(hangsOnce.calls[0]!.signal.aborted, true);
  assert.ok(OcError.is(hangsOnce.calls[0]!.signal.reason, "JOB_TIMEOUT"));
  assert.equal(scheduler.isRunning("hang"), true, "the key is held while the handler still runs");
  assert.deepEqual(scheduler.stuckKeys(), ["hang"], "and the job is listed as stuck");
  await assert.rejects(scheduler.runNow("hang"), (error) => OcError.is(error, "JOB_ALREADY_RUNNING"));

  await timers.advance(7_000);
  assert.equal(hangsOnce.calls.length, 1);
  const skipped = runsOf(db, "hang")[1]!;
  assert.deepEqual([skipped.status, skipped.error_code], ["skipped", "JOB_ALREADY_RUNNING"]);
  assert.match(skipped.error_message!, new RegExp(`run ${timedOut!.id} of hang timed out but its handler has not returned`));
  await timers.advance(10_000);
  assert.equal(reported.length, 1, "the stuck handler is reported once, not at every skipped tick");
  assert.ok(OcError.is(reported[0], "JOB_HANDLER_STUCK"));
  assert.match((reported[0] as Error).message, /hang does not run again until it does/);

  hung.resolve("too late");
  await settle();
  assert.equal(scheduler.isRunning("hang"), false);
  assert.deepEqual(scheduler.stuckKeys(), []);
  assert.equal(runsOf(db, "hang")[0]!.status, "timeout", "a late result does not rewrite the run");
  await timers.advance(10_000);
  assert.deepEqual(runsOf(db, "hang").map((run) => run.status), ["timeout", "skipped", "skipped", "ok"]);
  assert.equal(scheduler.get("hang")!.last_status, "ok");
  await scheduler.stop();
});

test("a handler that honours its abort signal frees its key at the timeout: the next run is not delayed", async () => {
  let calls = 0;
  const honours = testKind("test.hang", (_job, { signal }) => (++calls === 1
    ? new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)))
    : Promise.resolve("ok")), 3_000);
  const { scheduler, timers, db } = createTestScheduler([honours]);
  scheduler.upsert({ key: "hang", kind: "test.hang", intervalS: 10 });
  scheduler.start();
  await timers.advance(3_000);
  assert.equal(scheduler.isRunning("hang"), false);
  await timers.advance(7_000);
  assert.deepEqual(runsOf(db, "hang").map((run) => [run.status, run.error_code]), [["timeout", "JOB_TIMEOUT"], ["ok", null]]);
  await scheduler.stop();
});

test("a handler ignoring its abort signal never runs twice concurrently, and cannot hold stop beyond its grace", async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let forever = false;
  const reported: unknown[] = [];
  const { scheduler, timers, db } = createTestScheduler([testKind("test.stubborn", async () => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    // 25 s of work against a 3 s timeout, never looking at the signal.
    await new Promise<void>((resolve) => (forever ? undefined : timers.setTimeout(resolve, 25_000)));
    inFlight--;
    return "finished late";
  }, 3_000)], { stopGraceMs: 5_000, onError: (error) => reported.push(error) });
  scheduler.upsert({ key: "stubborn", kind: "test.stubborn", intervalS: 10 });
  scheduler.start();
  await timers.advance(99_000);
  assert.equal(maxInFlight, 1);
  // Runs at 0, 30, 60 and 90 s; each timed out, the ticks while a handler lingered skipped.
  const statuses = runsOf(db, "stubborn").map((run) => run.status);
  assert.deepEqual(statuses.filter((status) => status !== "skipped"), ["timeout", "timeout", "timeout", "timeout"]);
  assert.equal(statuses.filter((status) => status === "skipped").length, 6);
  // Lingering past a due tick: the runs of 0, 30 and 60 s (the one of 90 s has no tick due before 99 s yet).
  assert.equal(reported.filter((error) => OcError.is(error, "JOB_HANDLER_STUCK")).length, 3, "one report per lingering run");

  // The run due at 120 s never settles; at 124 s it has timed out and lingers.
  forever = true;
  await timers.advance(25_000);
  assert.ok(scheduler.isRunning("stubborn"), "a handler that never settles keeps its key");
  let stopped = false;
  const stopping = scheduler.stop().then(() => (stopped = true));
  await timers.advance(4_999);
  assert.equal(stopped, false, "stop gives a lingering handler its grace");
  await timers.advance(1);
  await stopping;
  assert.equal(maxInFlight, 1);
});

test("a kind's timeoutMs(job) overrides its default", async () => {
  const hang = testKind("test.hang", (_job, { signal }) => untilAborted(new Promise(() => {}), signal), 60_000);
  hang.timeoutMs = (job) => job.interval_s! * 100;
  const { scheduler, timers, db } = createTestScheduler([hang]);
  scheduler.upsert({ key: "hang", kind: "test.hang", intervalS: 20 });
  scheduler.start();
  await timers.advance(2_000);
  assert.equal(runsOf(db, "hang")[0]!.status, "timeout");
  await scheduler.stop();
});

test("failures are recorded with the thrown OcError's code; anything else as INTERNAL", async () => {
  const failing = testKind("test.fail", async (job) => {
    if (job.key === "coded") throw new OcError("CONNECTOR_UNREACHABLE", "no route to 192.0.2.1");
    if (job.key === "plain") throw new Error("boom");
    throw "a string";
  });
  // A handler that throws before returning a promise is a failure too, not a crash.
  const sync = testKind("test.sync", () => {
    throw new OcError("CONFIG_INVALID", "bad config");
  });
  const { scheduler, db } = createTestScheduler([failing, sync]);
  for (const key of ["coded", "plain", "odd"]) scheduler.upsert({ key, kind: "test.fail", intervalS: 60 });
  scheduler.upsert({ key: "sync", kind: "test.sync", intervalS: 60 });
  scheduler.start();
  await settle();
  const outcome = (key: string) => {
    const [run] = runsOf(db, key);
    return [run!.status, run!.error_code, run!.error_message];
  };
  assert.deepEqual(outcome("coded"), ["failed", "CONNECTOR_UNREACHABLE", "no route to 192.0.2.1"]);
  assert.deepEqual(outcome("plain"), ["failed", "INTERNAL", "boom"]);
  assert.deepEqual(outcome("odd"), ["failed", "INTERNAL", "a string"]);
  assert.deepEqual(outcome("sync"), ["failed", "CONFIG_INVALID", "bad config"]);
  assert.equal(scheduler.get("coded")!.last_status, "failed");
  await scheduler.stop();
});

test("a job whose kind is no longer registered fails visibly with JOB_KIND_UNKNOWN", async () => {
  const { scheduler, db } = createTestScheduler([testKind("test.work")]);
  scheduler.upsert({ key: "orphan", kind: "test.work", intervalS: 60 });
  db.prepare("UPDATE scheduler_jobs SET kind = 'gone.kind' WHERE key = 'orphan'").run();
  scheduler.start();
  await settle();
  assert.deepEqual(runsOf(db, "orphan").map((run) => [run.status, run.error_code]), [["failed", "JOB_KIND_UNKNOWN"]]);
  await scheduler.stop();
});

test("runNow runs a job at once and resolves with the finished run; refuses overlap, unknown keys and a stopped scheduler", async () => {
  const gate = new Deferred();
  const work = testKind("test.work", () => gate.promise, 60_000);
  const { scheduler, timers } = createTestScheduler([work]);
  const job = scheduler.upsert({ key: "work", kind: "test.work", cron: "0 0 1 1 *" });
  await assert.rejects(scheduler.runNow("work"), (error) => OcError.is(error, "SCHEDULER_UNAVAILABLE"));
  scheduler.start();

  const pending = scheduler.runNow("work");
  await assert.rejects(scheduler.runNow("work"), (error) => OcError.is(error, "JOB_ALREADY_RUNNING"));
  await assert.rejects(scheduler.runNow("nope"), (error) => OcError.is(error, "JOB_NOT_FOUND"));
  await timers.advance(1_500);
  gate.resolve({ polled: true });
  const run = await pending;
  assert.equal(run.status, "ok");
  assert.equal(run.trigger, "manual");
  assert.equal(run.duration_ms, 1_500);
  assert.deepEqual(run.result, { polled: true });
  assert.equal(scheduler.get("work")!.next_run_at, job.next_run_at, "a manual run leaves the schedule alone");
  await scheduler.stop();
});

test("runNow of a hung job resolves with the 'timeout' run", async () => {
  const hang = testKind("test.hang", () => new Promise(() => {}), 2_000);
  const { scheduler, timers } = createTestScheduler([hang]);
  scheduler.upsert({ key: "hang", kind: "test.hang", cron: "0 0 1 1 *" });
  scheduler.start();
  const pending = scheduler.runNow("hang");
  await timers.advance(2_000);
  const run = await pending;
  assert.deepEqual([run.status, run.error_code], ["timeout", "JOB_TIMEOUT"]);
});

test("stop waits for running runs within the grace period", async () => {
  const gate = new Deferred();
  const work = testKind("test.work", () => gate.promise, 60_000);
  const { scheduler, timers, db } = createTestScheduler([work], { stopGraceMs: 5_000 });
  scheduler.upsert({ key: "work", kind: "test.work", intervalS: 60 });
  scheduler.start();
  let stopped = false;
  const stopping = scheduler.stop().then(() => (stopped = true));
  await timers.advance(1_000);
  assert.equal(stopped, false);
  gate.resolve("finished");
  await stopping;
  assert.deepEqual(runsOf(db, "work").map((run) => run.status), ["ok"]);
});

test("stop aborts runs still going after the grace period and records them 'interrupted'", async () => {
  const hang = testKind("test.hang", () => new Promise(() => {}), 60_000);
  const reported: unknown[] = [];
  const { scheduler, timers, db } = createTestScheduler([hang], { stopGraceMs: 5_000, onError: (error) => reported.push(error) });
  scheduler.upsert({ key: "hang", kind: "test.hang", intervalS: 60 });
  scheduler.start();
  const stopping = scheduler.stop();
  await timers.advance(5_000);
  await stopping;
  const [run] = runsOf(db, "hang");
  assert.deepEqual([run!.status, run!.error_code], ["interrupted", "JOB_INTERRUPTED"]);
  assert.equal(hang.calls[0]!.signal.aborted, true);
  // The handler ignores the abort and never settles: stop returned anyway, but the key stays held.
  assert.equal(scheduler.isRunning("hang"), true);
  await timers.advance(120_000);
  assert.equal(hang.calls.length, 1, "nothing starts after stop");
  scheduler.start();
  await settle();
  assert.equal(hang.calls.length, 1, "nor after a restart while the old handler still runs");
  assert.deepEqual(runsOf(db, "hang").map((run) => run.status), ["interrupted", "skipped"]);
});
