import { test } from "node:test";
import assert from "node:assert/strict";
import { benchNormalize, syntheticEvents } from "./bench.ts";

// Speed itself is judged by `npm run bench`; this checks the helper measures the right thing.
test("benchNormalize measures both paths over the same events, for both input shapes, and finds the same alerts", async () => {
  const result = await benchNormalize({ events: syntheticEvents(2_500), rounds: 1 });
  assert.equal(result.events, 2_500);
  assert.equal(result.batchSize, 1_000);
  for (const path of [result.fromJson, result.fromObjects]) {
    assert.ok(path.inProcessMs > 0 && path.isolateMs > 0);
    assert.ok(path.inProcessEventsPerSec > 0 && path.isolateEventsPerSec > 0);
    assert.equal(path.equivalent, true, "the isolate's alerts deep-equal the in-process ones");
  }
  assert.ok(result.objectCopyFloorMs > 0);
});
