import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../util/clock.ts";
import { AuditBudget } from "./budget.ts";

test("a key writes its first rows of a window, then one note, then nothing until the window ends", () => {
  const clock = new ManualClock("2026-03-01T12:00:00.000Z");
  const budget = new AuditBudget(clock, { perWindow: 3, windowMs: 60_000 });
  const actions = () => Array.from({ length: 6 }, () => budget.take("192.0.2.1").action);
  assert.deepEqual(actions(), ["write", "write", "write", "note", "skip", "skip"]);
  assert.equal(budget.take("192.0.2.2").action, "write", "another key has its own budget");
  clock.advance(30_000);
  assert.equal(budget.take("192.0.2.1").action, "skip");
  clock.advance(30_000);
  assert.deepEqual(actions(), ["write", "write", "write", "note", "skip", "skip"], "a new window, a new budget");
});

test("the note says until when the rows are left out", () => {
  const clock = new ManualClock("2026-03-01T12:00:00.000Z");
  const budget = new AuditBudget(clock, { perWindow: 1, windowMs: 60_000 });
  budget.take("a");
  clock.advance(10_000);
  assert.deepEqual(budget.take("a"), { action: "note", until: Date.parse("2026-03-01T12:01:00.000Z") });
});

test("the number of tracked keys is bounded", () => {
  const budget = new AuditBudget(new ManualClock(), { perWindow: 1, maxKeys: 2 });
  for (const key of ["a", "b", "c"]) budget.take(key);
  assert.equal(budget.take("a").action, "write", "a, the oldest window, was dropped to make room for c");
  assert.equal(budget.take("c").action, "note");
});
