import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { manifestSchema } from "./schema.ts";
import { seedMappingsSchema } from "./seed-schema.ts";
import { fixtureFileSchema } from "./fixture-schema.ts";
import { mappingSnapshotSchema } from "../alerts/mappings.ts";
import { normalizedAlertSchema, rawEventSchema } from "../alerts/model.ts";

/**
 * File name → JSON Schema: every file an addon author writes by hand, and the alert model
 * their code produces and receives (raw events, normalized alerts, the mapping snapshot).
 */
export const PUBLISHED_SCHEMAS = {
  "manifest.schema.json": manifestSchema,
  "seed-mappings.schema.json": seedMappingsSchema,
  "fixture.schema.json": fixtureFileSchema,
  "raw-event.schema.json": rawEventSchema,
  "normalized-alert.schema.json": normalizedAlertSchema,
  "mapping-snapshot.schema.json": mappingSnapshotSchema,
} as const;

/** The exact text of a published schema file (draft-07, two-space indent, final newline). */
export function publishedSchemaText(schema: object): string {
  return `${JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", ...schema }, null, 2)}\n`;
}

/**
 * Writes the addon-facing JSON Schemas into `dir` (created if needed) and returns
 * the paths written. `sdk/schemas/` holds the published copy; editors use them
 * through `"$schema"` in `manifest.json`.
 *
 * @example
 * writePublishedSchemas("sdk/schemas"); // ["sdk/schemas/manifest.schema.json", ...]
 */
export function writePublishedSchemas(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(PUBLISHED_SCHEMAS).map(([file, schema]) => {
    const path = join(dir, file);
    writeFileSync(path, publishedSchemaText(schema));
    return path;
  });
}
