import { LEVELS } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import { hostError } from "../errors.ts";
import { decodeCursor, encodeCursor, type Page } from "../api/paging.ts";

/** Device criticality sets the impact of its alerts, so it uses the priority matrix's levels. */
export const CRITICALITIES = LEVELS;
export type Criticality = (typeof CRITICALITIES)[number];

export interface DeviceRecord {
  id: number;
  connector_id: string | null;
  external_id: string;
  name: string;
  ip: string | null;
  type: string | null;
  vendor: string | null;
  model: string | null;
  site: string | null;
  status: string | null;
  criticality: Criticality;
  attributes: Record<string, unknown>;
  first_seen_at: string;
  last_seen_at: string;
}

export interface DeviceFilters {
  connector_id?: string;
  criticality?: string[];
  type?: string;
  vendor?: string;
  site?: string;
  status?: string;
  /** Substring of name, IP, model or external id (case-insensitive). */
  text?: string;
  limit: number;
  cursor?: string;
}

type DeviceRow = Omit<DeviceRecord, "attributes"> & { attributes_json: string };

function toRecord({ attributes_json, ...row }: DeviceRow): DeviceRecord {
  return { ...row, attributes: JSON.parse(attributes_json) as Record<string, unknown> };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

// One statement for every filter combination (a NULL parameter disables its filter): statements are
// cached for the life of the database (see alerts/statements.ts), so their number must stay fixed.
const LIST_SQL = `SELECT * FROM devices
  WHERE (@connector_id IS NULL OR connector_id = @connector_id)
    AND (@type IS NULL OR type = @type)
    AND (@vendor IS NULL OR vendor = @vendor)
    AND (@site IS NULL OR site = @site)
    AND (@status IS NULL OR status = @status)
    AND (@criticality IS NULL OR criticality IN (SELECT value FROM json_each(@criticality)))
    AND (@text IS NULL OR name LIKE @text ESCAPE '\\' OR ip LIKE @text ESCAPE '\\'
         OR model LIKE @text ESCAPE '\\' OR external_id LIKE @text ESCAPE '\\')
    AND (@after_name IS NULL OR name > @after_name OR (name = @after_name AND id > @after_id))
  ORDER BY name, id LIMIT @limit`;

/** Devices ordered by name then id; the cursor holds the last (name, id) served. */
export function listDevices(db: Db, filters: DeviceFilters): Page<DeviceRecord> {
  let after: { name: string; id: number } | undefined;
  if (filters.cursor !== undefined) {
    const { name, id } = decodeCursor(filters.cursor);
    if (typeof name !== "string" || typeof id !== "number") throw hostError("CURSOR_INVALID", "the cursor is not one this API issued");
    after = { name, id };
  }
  const rows = (cachedStatement(db, LIST_SQL).all({
    connector_id: filters.connector_id ?? null,
    type: filters.type ?? null,
    vendor: filters.vendor ?? null,
    site: filters.site ?? null,
    status: filters.status ?? null,
    criticality: filters.criticality?.length ? JSON.stringify(filters.criticality) : null,
    text: filters.text ? `%${escapeLike(filters.text)}%` : null,
    after_name: after?.name ?? null,
    after_id: after?.id ?? null,
    limit: filters.limit + 1,
  }) as DeviceRow[]).map(toRecord);
  const items = rows.slice(0, filters.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor({ name: last.name, id: last.id }) : null };
}

export function getDevice(db: Db, id: number): DeviceRecord {
  const row = cachedStatement(db, "SELECT * FROM devices WHERE id = ?").get(id) as DeviceRow | undefined;
  if (!row) throw hostError("DEVICE_NOT_FOUND", `no device with id ${id}`);
  return toRecord(row);
}

/** Criticality is the operator's judgement (it feeds the priority's impact), so device syncs never overwrite it. */
export function setDeviceCriticality(db: Db, id: number, criticality: Criticality): DeviceRecord {
  const { changes } = cachedStatement(db, "UPDATE devices SET criticality = ? WHERE id = ?").run(criticality, id);
  if (changes === 0) throw hostError("DEVICE_NOT_FOUND", `no device with id ${id}`);
  return getDevice(db, id);
}
