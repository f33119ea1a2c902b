import { test } from "node:test";
import assert from "node:assert/strict";
import { benchNormalize, syntheticEvents } from "./bench.ts";

// Speed itself is judged by `npm run bench`; this checks the helper measures the right thing.
test("benchNormalize measures both paths over the same events and finds the same alerts", async () => {
  const result = await benchNormalize({ events: syntheticEvents(2_500), rounds: 1 });
  assert.equal(result.events, 2_500);
  assert.equal(result.batchSize, 1_000);
  assert.ok(result.inProcessMs > 0 && result.isolateMs > 0);
  assert.ok(result.inProcessEventsPerSec > 0 && result.isolateEventsPerSec > 0);
  assert.equal(result.equivalent, true, "the isolate's alerts deep-equal the in-process ones");
});
