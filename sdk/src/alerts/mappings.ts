import type { FromSchema } from "json-schema-to-ts";
import { CATEGORIES, SEVERITIES } from "./model.ts";

/**
 * The mapping rows of one connector type, as the host hands them to a normalizer.
 * A plain object (no database handle), so it can be copied into a sandbox.
 */
export const mappingSnapshotSchema = {
  $id: "https://opsconductor.dev/schemas/mapping-snapshot.json",
  type: "object",
  required: ["connector_type", "severity", "category"],
  properties: {
    connector_type: { type: "string" },
    /** alert_type → severity row; `enabled: false` disables the event type; `clear: true` marks a clear;
     *  `clears` names the problem type a clear resolves when the names do not pair by suffix. */
    severity: {
      type: "object",
      additionalProperties: {
        type: "object",
        required: ["severity"],
        properties: {
          severity: { type: "string", enum: SEVERITIES },
          enabled: { type: "boolean" },
          clear: { type: "boolean" },
          /** For a clear whose name does not pair by suffix (`power_restored`): the problem type it resolves. */
          clears: { type: "string" },
        },
        additionalProperties: false,
      },
    },
    /** alert_type → category. */
    category: { type: "object", additionalProperties: { type: "string", enum: CATEGORIES } },
    /** Category for alert types without a row; falls back to the normalizer's own default. */
    default_category: { type: "string", enum: CATEGORIES },
  },
  additionalProperties: false,
} as const;
export type MappingSnapshot = FromSchema<typeof mappingSnapshotSchema>;

/** A snapshot with no rows: every type enabled, severities and categories from the normalizer's defaults. */
export function emptyMappingSnapshot(connectorType: string): MappingSnapshot {
  return { connector_type: connectorType, severity: {}, category: {} };
}
