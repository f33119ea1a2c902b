import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_POLL_DEADLINE_MS, MIN_POLL_INTERVAL_S, pollDeadlineMs } from "./poll-deadline.ts";

test("a poll's deadline is 80 % of its interval, short intervals included, at most 5 minutes", () => {
  assert.equal(pollDeadlineMs(10), 8_000);
  assert.equal(pollDeadlineMs(11), 8_800);
  assert.equal(pollDeadlineMs(12), 9_600);
  assert.equal(pollDeadlineMs(60), 48_000);
  assert.equal(pollDeadlineMs(375), MAX_POLL_DEADLINE_MS);
  assert.equal(pollDeadlineMs(86_400), MAX_POLL_DEADLINE_MS);
});

test("every allowed interval's deadline ends before the next poll is due, so a hung poll never makes one skip", () => {
  for (let intervalS = MIN_POLL_INTERVAL_S; intervalS <= 86_400; intervalS++) {
    const deadline = pollDeadlineMs(intervalS);
    assert.ok(deadline <= intervalS * 800 && deadline < intervalS * 1000, `${intervalS} s: ${deadline} ms`);
    assert.ok(deadline >= 8_000, `${intervalS} s: ${deadline} ms`);
  }
});
