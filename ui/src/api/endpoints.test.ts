import { test } from "node:test";
import assert from "node:assert/strict";
import { asAlert, asAlertDetail, asPage } from "./endpoints.ts";

test("asPage reads {items, nextCursor} and bare arrays", () => {
  assert.deepEqual(asPage({ items: [1, 2], nextCursor: "c" }), { items: [1, 2], nextCursor: "c" });
  assert.deepEqual(asPage({ items: [1] , nextCursor: null }), { items: [1], nextCursor: null });
  assert.deepEqual(asPage([3]), { items: [3], nextCursor: null });
  assert.deepEqual(asPage(null), { items: [], nextCursor: null });
});

test("asAlertDetail splits the alert from its inline history", () => {
  const detail = asAlertDetail({ id: 5, title: "t", history: [{ id: 1, kind: "created" }] });
  assert.equal(detail.alert.id, 5);
  assert.equal("history" in detail.alert, false);
  assert.equal(detail.history.length, 1);
  assert.equal(asAlertDetail({ alert: { id: 6 }, history: [] }).alert.id, 6);
  assert.deepEqual(asAlertDetail({ id: 7 }).history, []);
  assert.equal(asAlertDetail({ id: 8, history: [{ id: 1, kind: "created" }], history_total: 900 }).history_total, 900);
  assert.equal("history_total" in asAlertDetail({ id: 8, history: [], history_total: 9 }).alert, false);
  assert.equal(asAlertDetail({ id: 9, history: [{ id: 1, kind: "created" }] }).history_total, 1, "no total: the history is whole");
});

test("asAlert accepts a bare alert or {alert}", () => {
  assert.equal(asAlert({ id: 1, status: "acknowledged" }).status, "acknowledged");
  assert.equal(asAlert({ alert: { id: 2, status: "resolved" } }).id, 2);
});
