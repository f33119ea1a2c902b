import { test } from "node:test";
import assert from "node:assert/strict";
import { normalizedAlertSchema } from "../alerts/model.ts";
import { hotCheckFor, validatorFor } from "./validator.ts";

const schema = {
  type: "object",
  required: ["name"],
  properties: { name: { type: "string", minLength: 1, maxLength: 4 }, when: { type: "string", format: "date-time" } },
  additionalProperties: false,
} as const;

test("hotCheckFor gives validatorFor's verdict, counting code points where UTF-16 units would differ", () => {
  const check = hotCheckFor(schema);
  const exact = validatorFor(schema);
  const cases: unknown[] = [
    { name: "abcd" },
    { name: "abcde" },
    // Four code points in eight UTF-16 units: valid, although the quick pass rejects it.
    { name: "😀😀😀😀" },
    { name: "😀😀😀😀😀" },
    { name: "" },
    { name: "ok", when: "2026-11-27T00:00:00Z" },
    { name: "ok", when: "yesterday" },
    { name: "ok", extra: 1 },
    { other: 1 },
    "not an object",
    null,
  ];
  for (const value of cases) {
    assert.equal(check(value) === null, exact(value), `verdict for ${JSON.stringify(value)}`);
  }
});

test("hotCheckFor describes a rejected value with every error of the exact validator", () => {
  const problems = hotCheckFor(schema)({ name: "too long", extra: true });
  assert.ok(problems);
  assert.deepEqual(problems.map((error) => error.keyword).sort(), ["additionalProperties", "maxLength"]);
});

test("hotCheckFor compiles once per schema and accepts a real alert", () => {
  assert.equal(hotCheckFor(normalizedAlertSchema), hotCheckFor(normalizedAlertSchema));
  const alert = {
    connector_type: "prtg", alert_type: "sensor_down", role: "problem", severity: "critical", category: "network",
    device_ip: "10.0.0.1", device_name: "core-sw", title: "core-sw: Ping down", message: "", timestamp: "2026-11-27T00:00:00Z",
    metrics: {}, raw: {},
  };
  assert.equal(hotCheckFor(normalizedAlertSchema)(alert), null);
  assert.ok(hotCheckFor(normalizedAlertSchema)({ ...alert, severity: "bad" }));
});

test("hotCheckFor refuses a schema whose minLength UTF-16 units cannot judge", () => {
  assert.throws(() => hotCheckFor({ type: "object", properties: { pin: { type: "string", minLength: 4 } } }), /minLength 4/);
});
