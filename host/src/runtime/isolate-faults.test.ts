import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { faultScene, hasCode, rawEvent } from "./test-support/fault-scene.ts";

const isolateScene = (t: TestContext) => faultScene(t, createIsolateRuntime(), "isolate");
// Filling the heap takes GC time: a roomy CPU budget keeps the two limits from racing.
const roomyCpu = { cpuTimeoutMs: 5_000 };

test("isolate: an addon that spins forever after an await is cut off at its CPU budget (ADDON_TIMEOUT), then restarts", async (t) => {
  const scene = await isolateScene(t);
  const started = performance.now();
  await scene.pollFaultOnce("loop", "ADDON_TIMEOUT");
  assert.ok(performance.now() - started < 2_000, "stopped near its 200 ms budget, not at the 5 s deadline");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1, "the next poll works");
  const stats = scene.faultyStats();
  assert.equal(stats.restarts, 1);
  assert.equal(stats.lastError?.code, "ADDON_TIMEOUT");
  await scene.finish();
});

test("isolate: a normalizer that spins in a synchronous batch hits isolated-vm's timeout (ADDON_TIMEOUT)", async (t) => {
  const scene = await isolateScene(t);
  await assert.rejects(scene.runtime.normalize("faulty-1", [rawEvent("spin")]), hasCode("ADDON_TIMEOUT"));
  assert.equal((await scene.runtime.normalize("faulty-1", [rawEvent("link_down")])).length, 1, "normalizes again after the restart");
  await scene.finish();
});

test("isolate: an addon that allocates without bound hits its memory limit (ADDON_MEMORY_LIMIT); the isolate is recreated", async (t) => {
  const scene = await faultScene(t, createIsolateRuntime(), "isolate", roomyCpu);
  await scene.pollFaultOnce("alloc", "ADDON_MEMORY_LIMIT");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1, "the next poll works in a new isolate");
  await assert.rejects(scene.runtime.normalize("faulty-1", [rawEvent("hoard")]), hasCode("ADDON_MEMORY_LIMIT"));
  assert.equal((await scene.runtime.normalize("faulty-1", [rawEvent("link_down")])).length, 1);
  const stats = scene.faultyStats();
  assert.equal(stats.restarts, 2);
  assert.equal(stats.lastError?.code, "ADDON_MEMORY_LIMIT");
  assert.ok(stats.heapUsedBytes < 32 * 1024 * 1024);
  await scene.finish();
});

test("isolate: an addon whose poll throws fails with ADDON_POLL_FAILED and its message; no restart needed", async (t) => {
  const scene = await isolateScene(t);
  scene.caps.stateStore.set("fault", "throw");
  await assert.rejects(scene.runtime.poll("faulty-1"), (error: unknown) => hasCode("ADDON_POLL_FAILED")(error) && /device said no/.test((error as Error).message));
  scene.caps.stateStore.delete("fault");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  const stats = scene.faultyStats();
  assert.deepEqual([stats.restarts, stats.failures, stats.polls], [0, 1, 2]);
  await scene.finish();
});

test("isolate: garbage results are refused host-side with ADDON_RESULT_INVALID", async (t) => {
  // The flood's 100,001 events take the guest a while to hand over on a loaded machine: a tight
  // CPU budget could cut that short and restart the sandbox, which this test says never happens.
  const scene = await faultScene(t, createIsolateRuntime(), "isolate", roomyCpu);
  await scene.pollFaultOnce("garbage", "ADDON_RESULT_INVALID");
  await scene.pollFaultOnce("bad-event", "ADDON_RESULT_INVALID");
  await scene.pollFaultOnce("foreign-target", "ADDON_RESULT_INVALID");
  await scene.pollFaultOnce("flood", "ADDON_RESULT_INVALID");
  await assert.rejects(scene.runtime.normalize("faulty-1", [rawEvent("wrong_shape")]), hasCode("ADDON_RESULT_INVALID"));
  await assert.rejects(scene.runtime.normalize("faulty-1", [rawEvent("explode")]), hasCode("ADDON_NORMALIZE_FAILED"));
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  assert.equal(scene.faultyStats().restarts, 0);
  await scene.finish();
});

test("isolate: an addon awaiting a host call that never returns is stopped at the wall-clock deadline (ADDON_DEADLINE_EXCEEDED)", async (t) => {
  const scene = await isolateScene(t);
  const started = performance.now();
  await scene.pollFaultOnce("hang-host", "ADDON_DEADLINE_EXCEEDED", 300);
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 290 && elapsed < 2_000, `deadline honoured (${Math.round(elapsed)} ms)`);
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1, "the next poll works");
  assert.equal(scene.faultyStats().restarts, 1);
  await scene.finish();
});

test("isolate: an addon awaiting a promise that never settles is stopped at the deadline (ADDON_DEADLINE_EXCEEDED)", async (t) => {
  const scene = await isolateScene(t);
  await scene.pollFaultOnce("hang-promise", "ADDON_DEADLINE_EXCEEDED", 300);
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  await scene.finish();
});

test("isolate: repeated crashes back off exponentially; a call that cannot wait is told ADDON_RESTARTING", async (t) => {
  const scene = await isolateScene(t);
  scene.caps.stateStore.set("fault", "hang-promise");
  await assert.rejects(scene.runtime.poll("faulty-1", { deadlineMs: 100 }), hasCode("ADDON_DEADLINE_EXCEEDED"));
  // Back-off is now 50 ms: a 20 ms deadline cannot wait for it.
  await assert.rejects(scene.runtime.poll("faulty-1", { deadlineMs: 20 }), hasCode("ADDON_RESTARTING"));
  await assert.rejects(scene.runtime.poll("faulty-1", { deadlineMs: 200 }), hasCode("ADDON_DEADLINE_EXCEEDED"));
  // Second consecutive crash: 100 ms.
  scene.caps.stateStore.delete("fault");
  const started = performance.now();
  assert.equal((await scene.runtime.poll("faulty-1", { deadlineMs: 2_000 })).alerts.length, 1);
  assert.ok(performance.now() - started >= 90, "waited out the doubled back-off");
  assert.equal(scene.faultyStats().restarts, 2);
  await scene.finish();
});

test("isolate: an aborted call drops the guest's work without counting a crash", async (t) => {
  // A crash's back-off would be 10 s, past the next poll's deadline (ADDON_RESTARTING at once); a
  // restart without one takes milliseconds. (A tight deadline instead raced the restart itself.)
  const scene = await faultScene(t, createIsolateRuntime(), "isolate", { restartBaseMs: 10_000, restartMaxMs: 10_000 });
  scene.caps.stateStore.set("fault", "hang-promise");
  const controller = new AbortController();
  const polling = scene.runtime.poll("faulty-1", { signal: controller.signal });
  controller.abort(new Error("scheduler stopping"));
  await assert.rejects(polling, /scheduler stopping/);
  scene.caps.stateStore.delete("fault");
  assert.equal((await scene.runtime.poll("faulty-1", { deadlineMs: 5_000 })).alerts.length, 1, "no back-off to wait for");
  await scene.finish();
});
