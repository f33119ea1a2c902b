import { test } from "node:test";
import assert from "node:assert/strict";
import { displayValue, emptyForm, formToBody, rowMatches, rowToForm, specOf, TABLE_SPECS } from "./specs.ts";

test("there is one spec per mapping endpoint", () => {
  assert.deepEqual(TABLE_SPECS.map((spec) => spec.kind), ["severity", "category", "priority", "alert-types", "dedup"]);
  assert.equal(specOf("dedup").kind, "dedup");
  assert.equal(specOf("bogus").kind, "severity");
  assert.equal(specOf(null).kind, "severity");
});

test("a new severity row's defaults make a valid body", () => {
  const spec = specOf("severity");
  const form = { ...emptyForm(spec), alert_type: "link_down" };
  assert.deepEqual(formToBody(spec, form), {
    ok: true,
    body: { connector_type: "*", alert_type: "link_down", severity: "warning", enabled: true, is_clear: null, clears: null },
  });
});

test("severity rows round-trip through the form, tri-state included", () => {
  const spec = specOf("severity");
  const row = { id: 3, connector_type: "snmp-trap", alert_type: "power_restored", severity: "clear", enabled: false, is_clear: true, clears: "on_battery" };
  const form = rowToForm(spec, row);
  assert.equal(form.is_clear, "true");
  assert.equal(form.enabled, false);
  const result = formToBody(spec, form);
  assert.ok(result.ok);
  assert.deepEqual(result.body, { connector_type: "snmp-trap", alert_type: "power_restored", severity: "clear", enabled: false, is_clear: true, clears: "on_battery" });
});

test("required fields and enums are checked before the request", () => {
  const spec = specOf("category");
  const result = formToBody(spec, { connector_type: " ", alert_type: "x", category: "plumbing" });
  assert.ok(!result.ok);
  assert.equal(result.errors.connector_type, "required");
  assert.match(result.errors.category!, /one of/);
});

test("dedup fields are a list and the window a bounded integer", () => {
  const spec = specOf("dedup");
  const row = { id: 1, connector_type: "*", fields: ["connector_id", "device_ip"], window_s: 86400 };
  assert.equal(rowToForm(spec, row).fields, "connector_id, device_ip");
  assert.deepEqual(formToBody(spec, { connector_type: "axis", fields: "device_ip, alert_type device_ip", window_s: "300" }),
    { ok: true, body: { connector_type: "axis", fields: ["device_ip", "alert_type"], window_s: 300 } });
  for (const window of ["-1", "1.5", "abc", "99999999999"]) {
    const result = formToBody(spec, { connector_type: "axis", fields: "device_ip", window_s: window });
    assert.ok(!result.ok && result.errors.window_s, window);
  }
  const empty = formToBody(spec, { connector_type: "axis", fields: " , ", window_s: "1" });
  assert.ok(!empty.ok && empty.errors.fields);
});

test("alert-type urgency may be null (from severity)", () => {
  const spec = specOf("alert-types");
  const result = formToBody(spec, { connector_type: "axis", alert_type: "tampering", title_template: "{device_name}: tampering", urgency: "", description: "" });
  assert.deepEqual(result, { ok: true, body: { connector_type: "axis", alert_type: "tampering", title_template: "{device_name}: tampering", urgency: null, description: null } });
});

test("displayValue and rowMatches", () => {
  const spec = specOf("severity");
  const isClear = spec.columns.find((column) => column.key === "is_clear")!;
  assert.equal(displayValue(isClear, null), "by name");
  assert.equal(displayValue(isClear, false), "no");
  const row = { id: 1, connector_type: "prtg", alert_type: "sensor_down", severity: "major", enabled: true, is_clear: null, clears: null };
  assert.ok(rowMatches(spec, row, "SENSOR"));
  assert.ok(rowMatches(spec, row, ""));
  assert.ok(!rowMatches(spec, row, "axis"));
});
