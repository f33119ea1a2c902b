import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { assertValid } from "../schemas/validator.ts";
import type { MappingSnapshot } from "../alerts/mappings.ts";
import { seedMappingsSchema, type SeedMappings } from "./seed-schema.ts";

/**
 * Parses and validates `seed/mappings.json` bytes; throws `ADDON_SEED_INVALID`
 * naming the failing field, or a duplicate alert type.
 *
 * @example
 * const seed = parseSeedMappings(readFileSync("seed/mappings.json"));
 */
export function parseSeedMappings(bytes: Uint8Array | string): SeedMappings {
  const text = typeof bytes === "string" ? bytes : new TextDecoder().decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new OcError(SdkErrorCodes.ADDON_SEED_INVALID, `seed/mappings.json is not valid JSON (${(error as Error).message})`);
  }
  const seed = assertValid<SeedMappings>(seedMappingsSchema, value, SdkErrorCodes.ADDON_SEED_INVALID, "seed/mappings.json");
  for (const table of ["severity", "category", "alert_types"] as const) {
    const seen = new Set<string>();
    for (const [index, row] of (seed[table] ?? []).entries()) {
      if (seen.has(row.alert_type)) {
        throw new OcError(SdkErrorCodes.ADDON_SEED_INVALID,
          `seed/mappings.json is invalid: /${table}/${index}/alert_type "${row.alert_type}" appears twice`);
      }
      seen.add(row.alert_type);
    }
  }
  return seed;
}

/**
 * Turns seed rows into the {@link MappingSnapshot} the host would hand the
 * normalizer right after install (no admin edits yet). Used by `oc-addon test`.
 *
 * @example
 * const snapshot = seedToMappingSnapshot("acme.ups", seed);
 * new UpsNormalizer(snapshot).normalize(raw);
 */
export function seedToMappingSnapshot(connectorType: string, seed: SeedMappings): MappingSnapshot {
  const snapshot: MappingSnapshot = { connector_type: connectorType, severity: {}, category: {} };
  for (const row of seed.severity ?? []) {
    const entry: MappingSnapshot["severity"][string] = { severity: row.severity };
    if (row.enabled !== undefined) entry.enabled = row.enabled;
    if (row.clear !== undefined) entry.clear = row.clear;
    if (row.clears !== undefined) entry.clears = row.clears;
    snapshot.severity[row.alert_type] = entry;
  }
  for (const row of seed.category ?? []) {
    if (row.alert_type === "*") snapshot.default_category = row.category;
    else snapshot.category[row.alert_type] = row.category;
  }
  return snapshot;
}
