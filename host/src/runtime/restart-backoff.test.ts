import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../util/clock.ts";
import { RestartBackoff } from "./restart-backoff.ts";

test("restart back-off doubles per consecutive crash, is capped, and resets on success", () => {
  const clock = new ManualClock();
  const backoff = new RestartBackoff(100, 1_000, clock);
  assert.equal(backoff.waitMs(), 0, "no crash, no wait");
  assert.deepEqual([backoff.crashed(), backoff.crashed(), backoff.crashed(), backoff.crashed(), backoff.crashed()], [100, 200, 400, 800, 1_000]);
  assert.equal(backoff.waitMs(), 1_000);
  clock.advance(600);
  assert.equal(backoff.waitMs(), 400);
  clock.advance(400);
  assert.equal(backoff.waitMs(), 0);
  backoff.succeeded();
  assert.equal(backoff.consecutiveCrashes, 0);
  assert.equal(backoff.crashed(), 100, "back to the base delay");
});
