import { test } from "node:test";
import assert from "node:assert/strict";
import { canAdmin, canOperate } from "./roles.ts";

test("who sees the action buttons", () => {
  assert.equal(canOperate({ role: "viewer" }), false);
  assert.equal(canOperate({ role: "operator" }), true);
  assert.equal(canOperate({ role: "admin" }), true);
  assert.equal(canAdmin({ role: "operator" }), false);
  assert.equal(canAdmin({ role: "admin" }), true);
});
