import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../util/clock.ts";
import { LoginThrottle } from "./throttle.ts";

test("five free failures, then 30 s doubling per failure up to 15 min", () => {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock);
  const key = LoginThrottle.key("Alice", "192.0.2.1");
  for (let i = 0; i < 4; i++) throttle.recordFailure(key);
  assert.equal(throttle.retryAfterMs(key), 0);
  throttle.recordFailure(key);
  assert.equal(throttle.retryAfterMs(key), 30_000);
  const locks = [];
  for (let i = 0; i < 6; i++) {
    clock.advance(throttle.retryAfterMs(key));
    throttle.recordFailure(key);
    locks.push(throttle.retryAfterMs(key) / 1000);
  }
  assert.deepEqual(locks, [60, 120, 240, 480, 900, 900]);
});

test("keys are per lower-cased username and address; success and an hour of quiet forget", () => {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock);
  for (let i = 0; i < 5; i++) throttle.recordFailure(LoginThrottle.key("alice", "a"));
  assert.ok(throttle.retryAfterMs(LoginThrottle.key("ALICE", "a")) > 0);
  assert.equal(throttle.retryAfterMs(LoginThrottle.key("alice", "b")), 0);
  throttle.recordSuccess(LoginThrottle.key("alice", "a"));
  assert.equal(throttle.retryAfterMs(LoginThrottle.key("alice", "a")), 0);

  for (let i = 0; i < 4; i++) throttle.recordFailure(LoginThrottle.key("bob", "a"));
  clock.advance(60 * 60_000);
  throttle.recordFailure(LoginThrottle.key("bob", "a"));
  assert.equal(throttle.retryAfterMs(LoginThrottle.key("bob", "a")), 0, "old failures were forgotten");
});

test("the number of tracked keys is bounded", () => {
  const throttle = new LoginThrottle(new ManualClock(), { maxKeys: 3 });
  for (const name of ["a", "b", "c", "d"]) {
    for (let i = 0; i < 5; i++) throttle.recordFailure(LoginThrottle.key(name, "x"));
  }
  assert.equal(throttle.retryAfterMs(LoginThrottle.key("a", "x")), 0, "the oldest key was evicted");
  assert.ok(throttle.retryAfterMs(LoginThrottle.key("d", "x")) > 0);
});
