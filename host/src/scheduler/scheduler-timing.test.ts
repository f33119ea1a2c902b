import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { iso } from "../util/clock.ts";
import { createTestScheduler, runsOf, settle, testKind } from "./testing.ts";

test("an interval job runs when due, then every interval, each run recorded ok with its result", async () => {
  const work = testKind("test.work", async () => ({ answer: 42 }));
  const { scheduler, timers, db } = createTestScheduler([work]);
  scheduler.upsert({ key: "work", kind: "test.work", intervalS: 10 });
  scheduler.start();
  await settle();
  assert.equal(work.calls.length, 1);
  await timers.advance(9_999);
  assert.equal(work.calls.length, 1);
  await timers.advance(1);
  assert.equal(work.calls.length, 2);
  await timers.advance(30_000);
  assert.equal(work.calls.length, 5);
  const runs = runsOf(db, "work");
  assert.deepEqual(runs.map((run) => [run.status, run.trigger]), Array(5).fill(["ok", "schedule"]));
  assert.deepEqual(runs[0]!.result, { answer: 42 });
  assert.equal(runs[1]!.started_at, "2026-01-01T00:00:10.000Z");
  const job = scheduler.get("work")!;
  assert.equal(job.last_status, "ok");
  assert.equal(job.last_run_at, "2026-01-01T00:00:40.000Z");
  assert.equal(job.next_run_at, "2026-01-01T00:00:50.000Z");
  await scheduler.stop();
});

test("jitter keeps each gap within interval ± fraction, averages the interval, and spreads first runs", async () => {
  // A fixed cycle of "random" values that includes both extremes.
  const values = [0, 0.999, 0.25, 0.75, 0.5];
  let i = 0;
  const random = () => values[i++ % values.length]!;
  const starts: number[] = [];
  const work = testKind("test.work", async () => null);
  const { scheduler, timers } = createTestScheduler([work], { jitterFraction: 0.2, random });
  const createdAt = timers.clock.now();
  const job = scheduler.upsert({ key: "work", kind: "test.work", intervalS: 100 });
  // First run: within the first 20 % of the interval (random 0 → now).
  const firstAt = Date.parse(job.next_run_at!);
  assert.ok(firstAt >= createdAt && firstAt <= createdAt + 20_000);
  const late = createTestScheduler([work], { jitterFraction: 0.2, random: () => 0.999 });
  const lateFirst = Date.parse(late.scheduler.upsert({ key: "w", kind: "test.work", intervalS: 100 }).next_run_at!);
  assert.ok(lateFirst > createdAt + 19_000 && lateFirst <= createdAt + 20_000);

  const original = work.handler;
  work.handler = (j, c) => {
    starts.push(timers.clock.now());
    return original(j, c);
  };
  scheduler.start();
  await timers.advance(100 * 100_000);
  const gaps = starts.slice(1).map((start, n) => start - starts[n]!);
  assert.ok(gaps.length > 90);
  for (const gap of gaps) assert.ok(gap >= 80_000 && gap <= 120_000, `gap ${gap}`);
  assert.equal(Math.min(...gaps), 80_000);
  assert.ok(Math.max(...gaps) > 119_000);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(Math.abs(mean - 100_000) < 5_000, `mean ${mean}`);
  await scheduler.stop();
});

test("a cron job runs at its matching minutes, without jitter", async () => {
  const reset = testKind("test.reset");
  const { scheduler, timers, db } = createTestScheduler([reset], { jitterFraction: 0.5, random: () => 0.9 });
  timers.clock.set("2026-01-01T23:30:00.000Z");
  const job = scheduler.upsert({ key: "reset", kind: "test.reset", cron: "0 0 * * *" });
  assert.equal(job.next_run_at, "2026-01-02T00:00:00.000Z");
  scheduler.start();
  await timers.advance(25 * 3_600_000);
  assert.deepEqual(runsOf(db, "reset").map((run) => run.started_at), ["2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]);
  await scheduler.stop();
});

test("after a downtime a job missed many times runs once, as 'catch-up', then back on schedule", async () => {
  const poll = testKind("test.poll");
  const report = testKind("test.report");
  const { scheduler, timers, db } = createTestScheduler([poll, report]);
  scheduler.upsert({ key: "poll", kind: "test.poll", intervalS: 60 });
  scheduler.upsert({ key: "report", kind: "test.report", cron: "0 6 * * *" });
  scheduler.upsert({ key: "future", kind: "test.poll", intervalS: 60 });
  // The host was down: the poll missed an hour of ticks, the report three mornings.
  const now = timers.clock.now();
  db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = 'poll'").run(iso(now - 3_600_000));
  db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = 'report'").run(iso(now - 3 * 86_400_000));
  db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = 'future'").run(iso(now + 30_000));

  scheduler.start();
  await settle();
  assert.deepEqual(runsOf(db, "poll").map((run) => run.trigger), ["catch-up"]);
  assert.deepEqual(runsOf(db, "report").map((run) => run.trigger), ["catch-up"]);
  assert.equal(scheduler.get("poll")!.next_run_at, iso(now + 60_000));
  assert.equal(scheduler.get("report")!.next_run_at, "2026-01-01T06:00:00.000Z");

  await timers.advance(60_000);
  assert.deepEqual(runsOf(db, "poll").map((run) => run.trigger), ["catch-up", "schedule"]);
  assert.deepEqual(runsOf(db, "future").map((run) => run.trigger), ["schedule"]);
  await scheduler.stop();
});

test("the clock going back a day does not hold jobs for a day: their next runs are brought back within a minute", async () => {
  const poll = testKind("test.poll");
  const report = testKind("test.report");
  const errors: unknown[] = [];
  const { scheduler, timers, db } = createTestScheduler([poll, report], { onError: (error) => errors.push(error) });
  scheduler.upsert({ key: "poll", kind: "test.poll", intervalS: 60 });
  scheduler.upsert({ key: "report", kind: "test.report", cron: "0 6 * * *" });
  scheduler.start();
  await timers.advance(60_000);
  assert.equal(runsOf(db, "poll").length, 2);
  timers.clock.set(timers.clock.now() - 86_400_000);
  await timers.advance(2 * 60_000);
  assert.ok(runsOf(db, "poll").length >= 3, "polls again within the sleep cap after the step, not a day later");
  assert.equal(scheduler.get("report")!.next_run_at, "2025-12-31T06:00:00.000Z", "the cron job's next matching minute from the new now");
  assert.ok(errors.some((error) => OcError.is(error, "JOB_CLOCK_WENT_BACK")), "the step is logged");
  await scheduler.stop();
});

test("a start under a clock behind the stored next runs (the last boot's clock was ahead) reschedules them from now", async () => {
  const poll = testKind("test.poll");
  const errors: unknown[] = [];
  const { scheduler, timers, db } = createTestScheduler([poll], { onError: (error) => errors.push(error) });
  scheduler.upsert({ key: "poll", kind: "test.poll", intervalS: 10 });
  scheduler.upsert({ key: "soon", kind: "test.poll", intervalS: 60 });
  const now = timers.clock.now();
  db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = 'poll'").run("2029-01-01T00:00:00.000Z");
  db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = 'soon'").run(iso(now + 50_000));
  scheduler.start();
  await timers.advance(10_000);
  assert.ok(runsOf(db, "poll").length >= 1, "polls now, not in 2029");
  assert.equal(scheduler.get("soon")!.next_run_at, iso(now + 50_000), "a next run within its interval is kept");
  assert.equal(errors.length, 1);
  await scheduler.stop();
});

test("runs a crashed process left 'running' are marked 'interrupted' at start", async () => {
  const work = testKind("test.work");
  const { scheduler, db } = createTestScheduler([work]);
  scheduler.upsert({ key: "work", kind: "test.work", cron: "0 0 1 1 *" });
  db.prepare(`INSERT INTO job_runs (job_key, kind, trigger, status, started_at) VALUES
    ('work', 'test.work', 'schedule', 'running', '2025-12-31T23:59:00.000Z'),
    ('work', 'test.work', 'schedule', 'ok', '2025-12-31T23:58:00.000Z')`).run();
  db.prepare("UPDATE scheduler_jobs SET last_status = 'running' WHERE key = 'work'").run();

  assert.deepEqual(scheduler.start(), { interrupted: 1 });
  const [interrupted, ok] = runsOf(db, "work");
  assert.equal(ok!.status, "ok");
  assert.equal(interrupted!.status, "interrupted");
  assert.equal(interrupted!.error_code, "JOB_INTERRUPTED");
  assert.equal(interrupted!.finished_at, "2026-01-01T00:00:00.000Z");
  assert.equal(scheduler.get("work")!.last_status, "interrupted");
  await scheduler.stop();
});

test("a stopped scheduler starts nothing; a job due while stopped runs once at the next start", async () => {
  const work = testKind("test.work");
  const { scheduler, timers } = createTestScheduler([work]);
  scheduler.upsert({ key: "work", kind: "test.work", intervalS: 10 });
  scheduler.start();
  await settle();
  await scheduler.stop();
  assert.equal(timers.pendingCount, 0);
  await timers.advance(60_000);
  assert.equal(work.calls.length, 1);
  scheduler.start();
  await settle();
  assert.deepEqual(work.calls.map((call) => call.trigger), ["schedule", "catch-up"]);
  await scheduler.stop();
});
