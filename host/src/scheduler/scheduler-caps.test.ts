import { test } from "node:test";
import assert from "node:assert/strict";
import type { JsonValue } from "./types.ts";
import { createTestScheduler, Deferred, runsOf, settle, testKind } from "./testing.ts";

/** A kind whose runs each wait for the test to release them, by job key. */
function gatedKind() {
  const gates = new Map<string, Deferred>();
  const kind = testKind("test.gated", (job) => {
    const gate = new Deferred<JsonValue>();
    gates.set(job.key, gate);
    return gate.promise;
  }, 600_000);
  const release = async (key: string) => {
    gates.get(key)!.resolve("released");
    await settle();
  };
  return { kind, release };
}

test("the global cap holds due jobs in a queue, started first-come first-served as slots free", async () => {
  const { kind, release } = gatedKind();
  const { scheduler, db } = createTestScheduler([kind], { caps: { global: 2, perOwner: 10 } });
  for (const key of ["a", "b", "c", "d"]) scheduler.upsert({ key, kind: "test.gated", intervalS: 60 });
  scheduler.start();
  await settle();
  const running = () => ["a", "b", "c", "d"].filter((key) => scheduler.isRunning(key));
  assert.deepEqual(running(), ["a", "b"]);
  await release("a");
  assert.deepEqual(running(), ["b", "c"]);
  await release("c");
  assert.deepEqual(running(), ["b", "d"]);
  assert.deepEqual(runsOf(db, "d").map((run) => run.status), ["running"]);
  await scheduler.stop(0);
});

test("a job waiting for a slot is not queued twice nor marked skipped when its next tick comes", async () => {
  const { kind, release } = gatedKind();
  const { scheduler, timers, db } = createTestScheduler([kind], { caps: { global: 1, perOwner: 10 } });
  scheduler.upsert({ key: "a", kind: "test.gated", intervalS: 600 });
  scheduler.upsert({ key: "b", kind: "test.gated", intervalS: 10 });
  scheduler.start();
  await timers.advance(35_000);
  assert.deepEqual(runsOf(db, "b"), []);
  await release("a");
  assert.deepEqual(runsOf(db, "b").map((run) => run.status), ["running"]);
  await release("b");
  assert.deepEqual(kind.calls.map((call) => call.key), ["a", "b"]);
  await scheduler.stop(0);
});

test("the per-owner cap limits one addon's runs without holding back another's", async () => {
  const { kind, release } = gatedKind();
  const { scheduler } = createTestScheduler([kind], { caps: { global: 10, perOwner: 2, owners: { "addon:big": 3 } } });
  for (const key of ["x1", "x2", "x3"]) scheduler.upsert({ key, kind: "test.gated", owner: "addon:x", intervalS: 60 });
  for (const key of ["big1", "big2", "big3", "big4"]) scheduler.upsert({ key, kind: "test.gated", owner: "addon:big", intervalS: 60 });
  scheduler.upsert({ key: "y1", kind: "test.gated", owner: "addon:y", intervalS: 60 });
  scheduler.start();
  await settle();
  const running = () => scheduler.list().map((job) => job.key).filter((key) => scheduler.isRunning(key));
  assert.deepEqual(running(), ["big1", "big2", "big3", "x1", "x2", "y1"]);
  await release("x1");
  assert.deepEqual(running(), ["big1", "big2", "big3", "x2", "x3", "y1"]);
  await release("big2");
  assert.deepEqual(running(), ["big1", "big3", "big4", "x2", "x3", "y1"]);
  await scheduler.stop(0);
});

test("a manual run is not held back by the caps", async () => {
  const { kind } = gatedKind();
  const { scheduler } = createTestScheduler([kind], { caps: { global: 1, perOwner: 1 } });
  scheduler.upsert({ key: "a", kind: "test.gated", owner: "addon:x", intervalS: 60 });
  scheduler.upsert({ key: "b", kind: "test.gated", owner: "addon:x", intervalS: 60 });
  scheduler.start();
  await settle();
  assert.deepEqual([scheduler.isRunning("a"), scheduler.isRunning("b")], [true, false]);
  void scheduler.runNow("b");
  assert.equal(scheduler.isRunning("b"), true);
  await scheduler.stop(0);
});

test("a job disabled while it waits for a slot is dropped from the queue", async () => {
  const { kind, release } = gatedKind();
  const { scheduler, db } = createTestScheduler([kind], { caps: { global: 1, perOwner: 10 } });
  scheduler.upsert({ key: "a", kind: "test.gated", intervalS: 60 });
  scheduler.upsert({ key: "b", kind: "test.gated", intervalS: 60 });
  scheduler.start();
  await settle();
  scheduler.disable("b");
  await release("a");
  assert.deepEqual(runsOf(db, "b"), []);
  await scheduler.stop(0);
});

test("a handler still going after its timeout holds its own key but no longer a cap slot", async () => {
  const stuck = testKind("test.stuck", () => new Promise(() => {}), 3_000);
  const work = testKind("test.work");
  const { scheduler, timers, db } = createTestScheduler([stuck, work], { caps: { global: 1, perOwner: 10 } });
  scheduler.upsert({ key: "stuck", kind: "test.stuck", intervalS: 600 });
  scheduler.start();
  await settle();
  scheduler.upsert({ key: "other", kind: "test.work", intervalS: 10 });
  await timers.advance(1_000);
  assert.deepEqual(runsOf(db, "other"), [], "waits for the one slot");
  await timers.advance(3_000);
  assert.ok(scheduler.isRunning("stuck"));
  assert.deepEqual(runsOf(db, "other").map((run) => run.status), ["ok"]);
  await scheduler.stop(0);
});
