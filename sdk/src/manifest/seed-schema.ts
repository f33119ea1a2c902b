import type { FromSchema } from "json-schema-to-ts";
import { CATEGORIES, LEVELS, PRIORITIES, SEVERITIES } from "../alerts/model.ts";

const alertTypeName = { type: "string", minLength: 1, maxLength: 200 } as const;

/**
 * JSON Schema of an addon's `seed/mappings.json`: the default rows of the host's
 * mapping tables for this connector type, as data (never SQL). The host seeds
 * them at install with `origin = 'seed'`; admin edits survive upgrades.
 * Published as `sdk/schemas/seed-mappings.schema.json`.
 *
 * @example
 * {
 *   "severity": [{ "alert_type": "sensor_down", "severity": "critical" },
 *                { "alert_type": "sensor_paused", "severity": "info", "enabled": false }],
 *   "category": [{ "alert_type": "*", "category": "network" }],
 *   "alert_types": [{ "alert_type": "sensor_down", "title_template": "{device_name}: {resource} down" }],
 *   "dedup": { "fields": ["device_ip", "alert_type", "resource"], "window_s": 300 },
 *   "priority": [{ "impact": "high", "urgency": "high", "priority": "P1" }]
 * }
 */
export const seedMappingsSchema = {
  $id: "https://opsconductor.dev/schemas/seed-mappings.json",
  title: "OpsConductor addon seed mappings",
  type: "object",
  properties: {
    $schema: { type: "string" },
    /** severity_mappings rows. */
    severity: {
      type: "array",
      items: {
        type: "object",
        required: ["alert_type", "severity"],
        properties: {
          alert_type: alertTypeName,
          severity: { type: "string", enum: SEVERITIES },
          enabled: { type: "boolean" },
          /** true/false forces clear/problem; absent: decided by the name's suffix. */
          clear: { type: "boolean" },
          /** For a clear whose name does not pair by suffix: the problem type it resolves. */
          clears: alertTypeName,
        },
        additionalProperties: false,
      },
    },
    /** category_mappings rows; alert_type "*" sets the connector type's default category. */
    category: {
      type: "array",
      items: {
        type: "object",
        required: ["alert_type", "category"],
        properties: { alert_type: alertTypeName, category: { type: "string", enum: CATEGORIES } },
        additionalProperties: false,
      },
    },
    /** alert_type_templates rows: {device_name}, {device_ip}, {resource}, {metrics.x} placeholders. */
    alert_types: {
      type: "array",
      items: {
        type: "object",
        required: ["alert_type", "title_template"],
        properties: {
          alert_type: alertTypeName,
          title_template: { type: "string", minLength: 1, maxLength: 500 },
          urgency: { type: "string", enum: LEVELS },
          description: { type: "string", maxLength: 2000 },
        },
        additionalProperties: false,
      },
    },
    /** The deduplication_rules row of this connector type. */
    dedup: {
      type: "object",
      required: ["fields", "window_s"],
      properties: {
        fields: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", pattern: "^[a-z_]+(\\.[A-Za-z0-9_]+)*$" } },
        window_s: { type: "integer", minimum: 0, maximum: 604800 },
      },
      additionalProperties: false,
    },
    /** priority_rules rows (impact × urgency → P1..P5) for this connector type. */
    priority: {
      type: "array",
      items: {
        type: "object",
        required: ["impact", "urgency", "priority"],
        properties: {
          impact: { type: "string", enum: LEVELS },
          urgency: { type: "string", enum: LEVELS },
          priority: { type: "string", enum: PRIORITIES },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
} as const;
export type SeedMappings = FromSchema<typeof seedMappingsSchema>;
