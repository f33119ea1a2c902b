import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../util/clock.ts";
import { LoginThrottle } from "./throttle.ts";

test("five free failures, then 30 s doubling per failure up to 15 min", () => {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock);
  for (let i = 0; i < 4; i++) throttle.recordFailure("Alice", "192.0.2.1");
  assert.equal(throttle.retryAfterMs("Alice", "192.0.2.1"), 0);
  throttle.recordFailure("Alice", "192.0.2.1");
  assert.equal(throttle.retryAfterMs("Alice", "192.0.2.1"), 30_000);
  const locks = [];
  for (let i = 0; i < 6; i++) {
    clock.advance(throttle.retryAfterMs("Alice", "192.0.2.1"));
    throttle.recordFailure("Alice", "192.0.2.1");
    locks.push(throttle.retryAfterMs("Alice", "192.0.2.1") / 1000);
  }
  assert.deepEqual(locks, [60, 120, 240, 480, 900, 900]);
});

test("keys are per lower-cased username and address; success and an hour of quiet forget", () => {
  const clock = new ManualClock();
  const throttle = new LoginThrottle(clock);
  for (let i = 0; i < 5; i++) throttle.recordFailure("alice", "a");
  assert.ok(throttle.retryAfterMs("ALICE", "a") > 0);
  assert.equal(throttle.retryAfterMs("alice", "b"), 0);
  throttle.recordSuccess("alice", "a");
  assert.equal(throttle.retryAfterMs("alice", "a"), 0);

  for (let i = 0; i < 4; i++) throttle.recordFailure("bob", "c");
  clock.advance(60 * 60_000);
  throttle.recordFailure("bob", "c");
  assert.equal(throttle.retryAfterMs("bob", "c"), 0, "old failures were forgotten");
});

test("the number of tracked keys is bounded", () => {
  const throttle = new LoginThrottle(new ManualClock(), { maxKeys: 3 });
  for (const ip of ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"]) throttle.recordFailure(`user-${ip}`, ip);
  assert.deepEqual(throttle.tracked, { usernames: 3, addresses: 3 });
});

test("a flood of made-up usernames cannot evict a lockout: admin stays locked", () => {
  const throttle = new LoginThrottle(new ManualClock(), { maxKeys: 100, addressFreeFailures: 1_000_000 });
  for (let i = 0; i < 5; i++) throttle.recordFailure("admin", "203.0.113.9");
  const locked = throttle.retryAfterMs("admin", "203.0.113.9");
  assert.equal(locked, 30_000);
  for (let i = 0; i < 1_000; i++) throttle.recordFailure(`made-up-${i}`, "203.0.113.9");
  assert.equal(throttle.tracked.usernames, 100, "still bounded");
  assert.equal(throttle.retryAfterMs("admin", "203.0.113.9"), locked, "the lockout survived the flood");
});

test("an address cycling usernames is locked out on every username after 20 failures", () => {
  const throttle = new LoginThrottle(new ManualClock());
  for (let i = 0; i < 19; i++) throttle.recordFailure(`name-${i}`, "203.0.113.9");
  assert.equal(throttle.retryAfterMs("admin", "203.0.113.9"), 0);
  throttle.recordFailure("name-19", "203.0.113.9");
  assert.equal(throttle.retryAfterMs("admin", "203.0.113.9"), 30_000, "a username it never tried is locked too");
  assert.equal(throttle.retryAfterMs("admin", "198.51.100.1"), 0, "another address is not");
  assert.deepEqual(throttle.refuse("admin", "203.0.113.9"), { retryAfterMs: 30_000, first: true, scope: "address" });
  assert.equal(throttle.refuse("root", "203.0.113.9").first, false, "one address lockout is reported once, not per username");
});

test("a success forgets the username's failures but not the address's", () => {
  const throttle = new LoginThrottle(new ManualClock(), { addressFreeFailures: 3 });
  throttle.recordFailure("guess-1", "203.0.113.9");
  throttle.recordFailure("guess-2", "203.0.113.9");
  throttle.recordSuccess("viewer", "203.0.113.9");
  throttle.recordFailure("guess-3", "203.0.113.9");
  assert.equal(throttle.retryAfterMs("admin", "203.0.113.9"), 30_000);
});
