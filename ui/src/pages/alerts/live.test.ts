import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_FILTERS } from "./filters.ts";
import { alertFixture } from "./fixtures.ts";
import { mergeAlert, removeAlert } from "./live.ts";

const list = [alertFixture({ id: 9 }), alertFixture({ id: 7 }), alertFixture({ id: 4 })];
const ids = (items: { id: number }[]) => items.map((item) => item.id);

test("a new matching alert is inserted in id order (newest first)", () => {
  const top = mergeAlert(list, alertFixture({ id: 12 }), DEFAULT_FILTERS);
  assert.equal(top.outcome, "inserted");
  assert.deepEqual(ids(top.items), [12, 9, 7, 4]);
  const middle = mergeAlert(list, alertFixture({ id: 8 }), DEFAULT_FILTERS);
  assert.deepEqual(ids(middle.items), [9, 8, 7, 4]);
  assert.deepEqual(ids(list), [9, 7, 4], "the input list is not mutated");
});

test("a shown alert that still matches is replaced in place", () => {
  const result = mergeAlert(list, alertFixture({ id: 7, status: "acknowledged", occurrence_count: 5 }), DEFAULT_FILTERS);
  assert.equal(result.outcome, "updated");
  assert.deepEqual(ids(result.items), [9, 7, 4]);
  assert.equal(result.items[1]!.occurrence_count, 5);
});

test("a shown alert that no longer matches (resolved under the active view) is removed", () => {
  const result = mergeAlert(list, alertFixture({ id: 7, status: "resolved" }), DEFAULT_FILTERS);
  assert.equal(result.outcome, "removed");
  assert.deepEqual(ids(result.items), [9, 4]);
});

test("a non-matching alert, or one older than the loaded window, is ignored", () => {
  assert.equal(mergeAlert(list, alertFixture({ id: 20, severity: "info" }), { ...DEFAULT_FILTERS, severity: ["critical"] }).outcome, "ignored");
  const old = mergeAlert(list, alertFixture({ id: 2 }), DEFAULT_FILTERS, 4);
  assert.equal(old.outcome, "ignored");
  assert.deepEqual(ids(old.items), [9, 7, 4]);
  // with everything loaded (no older window), it goes at the end
  assert.deepEqual(ids(mergeAlert(list, alertFixture({ id: 2 }), DEFAULT_FILTERS).items), [9, 7, 4, 2]);
});

test("removeAlert", () => {
  assert.deepEqual(ids(removeAlert(list, 9)), [7, 4]);
});
