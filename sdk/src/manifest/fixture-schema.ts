import type { FromSchema } from "json-schema-to-ts";
import { normalizedAlertSchema, rawEventSchema } from "../alerts/model.ts";

const { $id: _rawId, ...rawEvent } = rawEventSchema;
const { $id: _alertId, ...normalizedAlert } = normalizedAlertSchema;

/** The expected alert of a fixture: a NormalizedAlert whose `raw` may be left out (then it is not compared). */
const expectedAlertSchema = {
  ...normalizedAlert,
  required: [
    "connector_type", "alert_type", "role", "severity", "category",
    "device_ip", "device_name", "title", "message", "timestamp", "metrics",
  ],
} as const;

/** One golden case: a recorded raw event and the alert it must normalize to (`null`: the event type is disabled). */
export const fixtureCaseSchema = {
  type: "object",
  required: ["raw", "expected"],
  properties: {
    name: { type: "string", maxLength: 200 },
    raw: rawEvent,
    expected: { anyOf: [{ type: "null" }, expectedAlertSchema] },
  },
  additionalProperties: false,
} as const;

/**
 * JSON Schema of an addon's `fixtures/*.json`: one case or an array of cases.
 * Published as `sdk/schemas/fixture.schema.json`.
 *
 * @example
 * [{ "name": "sensor down",
 *    "raw": { "alert_type": "sensor_down", "device_ip": "10.0.0.1", "device_name": "core-sw",
 *             "timestamp": "2026-01-01T00:00:00.000Z", "metrics": {} },
 *    "expected": { "connector_type": "acme.prtg", "alert_type": "sensor_down", "role": "problem", ... } }]
 */
export const fixtureFileSchema = {
  $id: "https://opsconductor.dev/schemas/fixture.json",
  title: "OpsConductor addon fixture",
  anyOf: [fixtureCaseSchema, { type: "array", items: fixtureCaseSchema }],
} as const;

export type FixtureCase = FromSchema<typeof fixtureCaseSchema>;
export type FixtureFile = FromSchema<typeof fixtureFileSchema>;
