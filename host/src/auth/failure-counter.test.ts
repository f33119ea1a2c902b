import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../util/clock.ts";
import { FailureCounter } from "./failure-counter.ts";

const POLICY = { freeFailures: 3, baseLockMs: 1_000, maxLockMs: 10_000, forgetAfterMs: 60_000, maxKeys: 3 };

test("when full, a new key takes the place of the unlocked key with the fewest failures, the oldest among equals", () => {
  const counter = new FailureCounter(new ManualClock(), POLICY);
  for (let i = 0; i < 2; i++) counter.recordFailure("two");
  counter.recordFailure("one-old");
  counter.recordFailure("one-new");
  counter.recordFailure("newcomer"); // evicts one-old
  assert.equal(counter.size, 3);
  counter.recordFailure("two");
  assert.equal(counter.retryAfterMs("two"), 1_000, "two kept its failures, though the oldest key");
  counter.recordFailure("one-new");
  counter.recordFailure("one-new");
  assert.equal(counter.retryAfterMs("one-new"), 1_000, "one-new kept its failure");
  counter.recordFailure("one-old");
  counter.recordFailure("one-old");
  assert.equal(counter.retryAfterMs("one-old"), 0, "one-old started afresh: it was the one evicted");
});

test("a locked key is never evicted; with every key locked, a new key goes untracked", () => {
  const clock = new ManualClock();
  const counter = new FailureCounter(clock, POLICY);
  for (const key of ["a", "b", "c"]) for (let i = 0; i < 3; i++) counter.recordFailure(key);
  for (let i = 0; i < 50; i++) counter.recordFailure(`flood-${i}`);
  assert.equal(counter.size, 3);
  for (const key of ["a", "b", "c"]) assert.equal(counter.retryAfterMs(key), 1_000, key);
  assert.equal(counter.retryAfterMs("flood-49"), 0);

  clock.advance(1_000);
  counter.recordFailure("after");
  assert.equal(counter.size, 3, "once a lock is over, its key may be evicted again");
});

test("a forgotten key is evicted first, whatever its failures", () => {
  const clock = new ManualClock();
  const counter = new FailureCounter(clock, POLICY);
  for (let i = 0; i < 2; i++) counter.recordFailure("stale");
  clock.advance(60_000);
  counter.recordFailure("x");
  counter.recordFailure("y");
  counter.recordFailure("z");
  assert.equal(counter.size, 3);
  counter.recordFailure("x");
  counter.recordFailure("x");
  assert.equal(counter.retryAfterMs("x"), 1_000, "x (1 failure) was kept: stale (2, but forgotten) went");
});
