import { test } from "node:test";
import assert from "node:assert/strict";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { faultScene } from "./test-support/fault-scene.ts";

for (const kind of ["isolate", "worker"] as const) {
  test(`${kind}: a poll keeps the alerts of its good events; the ones the normalizer fails on are counted per target with the first error`, async (t) => {
    const scene = await faultScene(t, kind === "worker" ? createWorkerRuntime() : createIsolateRuntime(), kind);
    scene.caps.stateStore.set("fault", "some-events-bad");
    const output = await scene.runtime.poll("faulty-1");
    assert.deepEqual(output.alerts.map((alert) => [alert.target, alert.resource ?? null]), [["sw1", null], ["sw2", "port2"]]);
    assert.equal(output.rawCount, 5);
    assert.deepEqual(output.refused.map(({ target, count, first }) => [target, count, first.code]), [
      ["sw1", 1, "ADDON_NORMALIZE_FAILED"],
      ["sw2", 1, "ADDON_NORMALIZE_FAILED"],
      [null, 1, "ADDON_RESULT_INVALID"],
    ]);
    const [sw1, sw2, none] = output.refused;
    assert.match(sw1!.first.message, /^event 1: cannot normalize this/);
    assert.deepEqual(sw2!.first.details, { addonCode: "SENSOR_UNREADABLE" }, "the addon's own code is kept aside");
    assert.match(none!.first.message, /event 4 is invalid/);
    assert.equal(scene.faultyStats().restarts, 0, "failing on an event is not a crash");
    scene.caps.stateStore.delete("fault");
    assert.deepEqual((await scene.runtime.poll("faulty-1")).refused, [], "a clean poll refuses nothing");
    await scene.finish();
  });
}
