import type { SeedMappings } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { MAPPING_TABLES, mappingTable, type MappingTableName } from "../mappings/tables.ts";
import { isTombstoned } from "../mappings/tombstones.ts";

// Each upsert inserts a missing row as origin 'seed', refreshes a row that is still the seed's,
// and never touches a row an admin edited (origin 'admin'): admin edits survive upgrades.
// A row whose key an admin deleted (tombstoned, see mappings/tombstones.ts) is not upserted at all.
const UPSERTS = {
  severity: `INSERT INTO severity_mappings (connector_type, alert_type, severity, enabled, is_clear, clears, origin, updated_at)
    VALUES (@type, @alert_type, @severity, @enabled, @is_clear, @clears, 'seed', @at)
    ON CONFLICT (connector_type, alert_type) DO UPDATE SET severity = excluded.severity, enabled = excluded.enabled,
      is_clear = excluded.is_clear, clears = excluded.clears, updated_at = excluded.updated_at WHERE origin = 'seed'`,
  category: `INSERT INTO category_mappings (connector_type, alert_type, category, origin, updated_at)
    VALUES (@type, @alert_type, @category, 'seed', @at)
    ON CONFLICT (connector_type, alert_type) DO UPDATE SET category = excluded.category, updated_at = excluded.updated_at
      WHERE origin = 'seed'`,
  template: `INSERT INTO alert_type_templates (connector_type, alert_type, title_template, urgency, description, origin, updated_at)
    VALUES (@type, @alert_type, @title_template, @urgency, @description, 'seed', @at)
    ON CONFLICT (connector_type, alert_type) DO UPDATE SET title_template = excluded.title_template, urgency = excluded.urgency,
      description = excluded.description, updated_at = excluded.updated_at WHERE origin = 'seed'`,
  dedup: `INSERT INTO deduplication_rules (connector_type, fields_json, window_s, origin, updated_at)
    VALUES (@type, @fields_json, @window_s, 'seed', @at)
    ON CONFLICT (connector_type) DO UPDATE SET fields_json = excluded.fields_json, window_s = excluded.window_s,
      updated_at = excluded.updated_at WHERE origin = 'seed'`,
  priority: `INSERT INTO priority_rules (connector_type, impact, urgency, priority, origin, updated_at)
    VALUES (@type, @impact, @urgency, @priority, 'seed', @at)
    ON CONFLICT (connector_type, impact, urgency) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at
      WHERE origin = 'seed'`,
} as const;

const bit = (value: boolean | undefined): number | null => (value === undefined ? null : value ? 1 : 0);

/**
 * Applies an addon's `seed/mappings.json` to the mapping tables of its connector type
 * (the addon id). Call inside the install transaction.
 */
export function applySeedMappings(db: Db, connectorType: string, seed: SeedMappings, at: string): void {
  const base = { type: connectorType, at };
  // A key an admin deleted stays deleted (see mappings/tombstones.ts).
  const isDeletedKey = (table: MappingTableName, key: { alert_type?: string; impact?: string; urgency?: string | null }) =>
    isTombstoned(db, mappingTable(table), { ...key, connector_type: connectorType });
  for (const row of seed.severity ?? []) {
    if (isDeletedKey("severity_mappings", row)) continue;
    db.prepare(UPSERTS.severity).run({
      ...base, alert_type: row.alert_type, severity: row.severity, enabled: row.enabled === false ? 0 : 1,
      is_clear: bit(row.clear), clears: row.clears ?? null,
    });
  }
  for (const row of seed.category ?? []) {
    if (isDeletedKey("category_mappings", row)) continue;
    db.prepare(UPSERTS.category).run({ ...base, alert_type: row.alert_type, category: row.category });
  }
  for (const row of seed.alert_types ?? []) {
    if (isDeletedKey("alert_type_templates", row)) continue;
    db.prepare(UPSERTS.template).run({
      ...base, alert_type: row.alert_type, title_template: row.title_template, urgency: row.urgency ?? null, description: row.description ?? null,
    });
  }
  if (seed.dedup && !isDeletedKey("deduplication_rules", {})) {
    db.prepare(UPSERTS.dedup).run({ ...base, fields_json: JSON.stringify(seed.dedup.fields), window_s: seed.dedup.window_s });
  }
  for (const row of seed.priority ?? []) {
    if (isDeletedKey("priority_rules", row)) continue;
    db.prepare(UPSERTS.priority).run({ ...base, impact: row.impact, urgency: row.urgency, priority: row.priority });
  }
}

/** Drops the rows an uninstalled addon seeded; rows an admin edited stay. */
export function removeSeedMappings(db: Db, connectorType: string): void {
  // Tombstones stay too: a deletion is an admin edit, and a reinstall must not undo it any more than an upgrade.
  for (const { table } of MAPPING_TABLES) db.prepare(`DELETE FROM ${table} WHERE connector_type = ? AND origin = 'seed'`).run(connectorType);
}
