import type { FromSchema } from "json-schema-to-ts";
import { CATEGORIES, LEVELS, PRIORITIES, SEVERITIES } from "@opsconductor/sdk";
import { FINGERPRINT_FIELDS } from "../alerts/fingerprint.ts";

/** Request bodies of the mapping API (create and replace take the same body). */

const connectorType = {
  type: "string",
  minLength: 1,
  maxLength: 200,
  // '*' is the default row for every connector type.
  pattern: "^(\\*|[A-Za-z0-9][A-Za-z0-9._-]*)$",
} as const;
const alertType = { type: "string", minLength: 1, maxLength: 200 } as const;
const level = { type: "string", enum: LEVELS } as const;

export const severityMappingSchema = {
  type: "object",
  required: ["connector_type", "alert_type", "severity"],
  properties: {
    connector_type: connectorType,
    alert_type: alertType,
    severity: { type: "string", enum: SEVERITIES },
    enabled: { type: "boolean" },
    /** null: decided by the alert type's suffix. */
    is_clear: { type: ["boolean", "null"] },
    clears: { anyOf: [alertType, { type: "null" }] },
  },
  additionalProperties: false,
} as const;
export type SeverityMappingBody = FromSchema<typeof severityMappingSchema>;

export const categoryMappingSchema = {
  type: "object",
  required: ["connector_type", "alert_type", "category"],
  properties: {
    connector_type: connectorType,
    /** '*' sets the connector type's default category. */
    alert_type: alertType,
    category: { type: "string", enum: CATEGORIES },
  },
  additionalProperties: false,
} as const;
export type CategoryMappingBody = FromSchema<typeof categoryMappingSchema>;

export const priorityRuleSchema = {
  type: "object",
  required: ["impact", "urgency", "priority"],
  properties: {
    connector_type: connectorType,
    impact: level,
    urgency: level,
    priority: { type: "string", enum: PRIORITIES },
  },
  additionalProperties: false,
} as const;
export type PriorityRuleBody = FromSchema<typeof priorityRuleSchema>;

export const alertTypeTemplateSchema = {
  type: "object",
  required: ["connector_type", "alert_type", "title_template"],
  properties: {
    connector_type: connectorType,
    alert_type: alertType,
    /** Placeholders: {device_name}, {device_ip}, {resource}, {metrics.x}. */
    title_template: { type: "string", minLength: 1, maxLength: 500 },
    urgency: { anyOf: [level, { type: "null" }] },
    description: { type: ["string", "null"], maxLength: 2000 },
  },
  additionalProperties: false,
} as const;
export type AlertTypeTemplateBody = FromSchema<typeof alertTypeTemplateSchema>;

/** Fields a fingerprint may be built from: the AlertManager's list, or a `metrics.`/`raw.` path. */
export const FINGERPRINT_FIELD_PATTERN = `^(${FINGERPRINT_FIELDS.join("|")}|(metrics|raw)(\\.[^.\\s]+)+)$`;

export const dedupRuleSchema = {
  type: "object",
  required: ["connector_type", "fields", "window_s"],
  properties: {
    connector_type: connectorType,
    fields: {
      type: "array",
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      items: { type: "string", pattern: FINGERPRINT_FIELD_PATTERN },
    },
    /** A repeat within the window bumps the open alert; 0 always bumps while it is open. Max one year. */
    window_s: { type: "integer", minimum: 0, maximum: 31_536_000 },
  },
  additionalProperties: false,
} as const;
export type DedupRuleBody = FromSchema<typeof dedupRuleSchema>;
