import { test } from "node:test";
import assert from "node:assert/strict";
import { statusOf } from "./status.ts";

const base = { enabled: true, running: true, status: "ok", status_code: null };

test("a connector's status in the list", () => {
  assert.deepEqual(statusOf(base), { label: "ok", tone: "ok", needsEdit: false });
  assert.equal(statusOf({ ...base, status_code: "CONNECTOR_TARGET_UNREACHABLE" }).tone, "warn", "ok with some targets failed");
  assert.deepEqual(statusOf({ ...base, status: "new" }), { label: "new", tone: "new", needsEdit: false });
  assert.deepEqual(statusOf({ ...base, enabled: false, status: "disabled" }), { label: "disabled", tone: "off", needsEdit: false });
  assert.deepEqual(statusOf({ ...base, running: false, status: "new" }), { label: "not running", tone: "failing", needsEdit: false });
});

test("a config the addon no longer accepts asks for an edit", () => {
  assert.deepEqual(statusOf({ ...base, running: false, status: "failing", status_code: "CONNECTOR_CONFIG_INVALID" }),
    { label: "failing", tone: "failing", needsEdit: true });
});
