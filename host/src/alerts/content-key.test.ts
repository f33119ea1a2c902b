import assert from "node:assert/strict";
import { test } from "node:test";
import { contentKey, type RepeatContent } from "./content-key.ts";

const base: RepeatContent = {
  alert_type: "link_down", severity: "major", category: "network", priority: "P2", priority_reason: "P2 because …",
  device_name: "sw1", title: "sw1: link down", message: "uplink", metrics_json: '{"ifIndex":1}',
};

test("contentKey: equal content, equal key; any field changed, another key", () => {
  assert.equal(contentKey({ ...base }), contentKey(base));
  const keys = new Set([contentKey(base)]);
  for (const field of Object.keys(base) as Array<keyof RepeatContent>) keys.add(contentKey({ ...base, [field]: `${base[field]}!` }));
  assert.equal(keys.size, Object.keys(base).length + 1);
});

test("contentKey: text moved from one field to the next is another key; the key is a safe integer", () => {
  assert.notEqual(contentKey({ ...base, title: "ab", message: "c" }), contentKey({ ...base, title: "a", message: "bc" }));
  assert.notEqual(contentKey({ ...base, title: "", message: "x" }), contentKey({ ...base, title: "x", message: "" }));
  assert.ok(Number.isSafeInteger(contentKey(base)) && contentKey(base) >= 0);
});
