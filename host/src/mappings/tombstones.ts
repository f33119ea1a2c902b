import type { Db } from "../store/database.ts";
import { cachedPluck, cachedStatement } from "../store/statements.ts";
import type { MappingTable, Row } from "./tables.ts";

// The keys of mapping rows an admin removed, so that an addon's seed does not put them back
// (migration 007_mapping_tombstones). `row` needs connector_type and the table's key columns.

/** Remembers that the admin removed `row`'s key (a repeat deletion refreshes who and when). */
export function recordTombstone(db: Db, spec: MappingTable, row: Row, deletedBy: string | null, at: string): void {
  cachedStatement(db, `INSERT INTO mapping_tombstones (table_name, connector_type, natural_key, deleted_by, deleted_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET deleted_by = excluded.deleted_by, deleted_at = excluded.deleted_at`)
    .run(spec.table, row.connector_type, spec.naturalKey(row), deletedBy, at);
}

/** Forgets the tombstone of `row`'s key: an admin's explicit row for it wins from now on. */
export function clearTombstone(db: Db, spec: MappingTable, row: Row): void {
  cachedStatement(db, "DELETE FROM mapping_tombstones WHERE table_name = ? AND connector_type = ? AND natural_key = ?")
    .run(spec.table, row.connector_type, spec.naturalKey(row));
}

export function isTombstoned(db: Db, spec: MappingTable, row: Row): boolean {
  return cachedPluck(db, "SELECT 1 FROM mapping_tombstones WHERE table_name = ? AND connector_type = ? AND natural_key = ?")
    .get(spec.table, row.connector_type, spec.naturalKey(row)) !== undefined;
}
