import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { faultScene, hasCode, rawEvent } from "./test-support/fault-scene.ts";

const workerScene = (t: TestContext) => faultScene(t, createWorkerRuntime(), "worker");

test("worker: an addon that spins forever is cut off at its CPU budget (ADDON_TIMEOUT); the worker is replaced", async (t) => {
  const scene = await workerScene(t);
  const started = performance.now();
  await scene.pollFaultOnce("loop", "ADDON_TIMEOUT");
  assert.ok(performance.now() - started < 2_000, "stopped near its 200 ms budget");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1, "the next poll works in a new worker");
  assert.equal(scene.faultyStats().restarts, 1);
  await assert.rejects(scene.runtime.normalize("faulty-1", [rawEvent("spin")]), hasCode("ADDON_TIMEOUT"));
  assert.equal((await scene.runtime.normalize("faulty-1", [rawEvent("link_down")])).length, 1);
  await scene.finish();
});

test("worker: an addon that allocates without bound hits the worker's heap cap (ADDON_MEMORY_LIMIT)", async (t) => {
  // Filling the heap takes GC time: a roomy CPU budget keeps the two limits from racing.
  const scene = await faultScene(t, createWorkerRuntime(), "worker", { cpuTimeoutMs: 5_000 });
  await scene.pollFaultOnce("alloc", "ADDON_MEMORY_LIMIT");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  assert.equal(scene.faultyStats().lastError?.code, "ADDON_MEMORY_LIMIT");
  await scene.finish();
});

test("worker: thrown errors and garbage results are ADDON_POLL_FAILED and ADDON_RESULT_INVALID", async (t) => {
  const scene = await workerScene(t);
  await scene.pollFaultOnce("throw", "ADDON_POLL_FAILED");
  await scene.pollFaultOnce("garbage", "ADDON_RESULT_INVALID");
  await scene.pollFaultOnce("bad-event", "ADDON_RESULT_INVALID");
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  assert.equal(scene.faultyStats().restarts, 0);
  await scene.finish();
});

test("worker: an addon that never answers is stopped at the wall-clock deadline (ADDON_DEADLINE_EXCEEDED)", async (t) => {
  const scene = await workerScene(t);
  await scene.pollFaultOnce("hang-host", "ADDON_DEADLINE_EXCEEDED", 300);
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  await scene.pollFaultOnce("hang-promise", "ADDON_DEADLINE_EXCEEDED", 300);
  assert.equal((await scene.runtime.poll("faulty-1")).alerts.length, 1);
  assert.equal(scene.faultyStats().restarts, 2);
  await scene.finish();
});
