import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import { openFingerprintsOf } from "./open-fingerprints.ts";
import type { CounterDelta } from "./counters.ts";
import type { AlertEventRecord, AlertKind, AlertRecord, AlertStatus } from "./types.ts";

/** Filters of `GET /alerts`. List-valued filters match any of their values; all filters must match. */
export interface AlertFilters {
  status?: readonly AlertStatus[];
  severity?: readonly string[];
  category?: readonly string[];
  connector_type?: readonly string[];
  connector_id?: string;
  kind?: readonly AlertKind[];
  /** A device IP, or a device name (case-insensitive), exactly. */
  device?: string;
  /** A substring of the title, message, device name or IP, alert type or resource (case-insensitive). */
  text?: string;
  stale?: boolean;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Page size, 1..{@link MAX_PAGE_SIZE}; default {@link DEFAULT_PAGE_SIZE}. */
  limit?: number;
}

export interface AlertPage {
  /** Newest first (by id). */
  items: AlertRecord[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface AlertWithHistory extends AlertRecord {
  /** Its state changes, oldest first: the latest MAX_HISTORY of them. */
  history: AlertEventRecord[];
  /** How many state changes it has in all (more than `history` holds when it is long). */
  history_total: number;
}

/**
 * The state changes GET /alerts/:id returns, at most. An alert open for months whose severity
 * swings at every poll has hundreds of thousands: sent whole, they made a response of tens of
 * megabytes that the daemon built on its event loop and the UI then drew.
 */
export const MAX_HISTORY = 500;

/** A `connector_counters` row: the alert counters the AlertManager adds, and the poll job's. */
export interface ConnectorCounters extends CounterDelta {
  connector_id: string;
  since: string;
  polls: number;
  poll_failures: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

interface AlertRow extends Omit<AlertRecord, "stale" | "metrics" | "raw"> {
  stale: number;
  metrics_json: string;
  raw_json: string;
}

interface EventRow extends Omit<AlertEventRecord, "details"> {
  details_json: string;
}

const ALERT_COLUMNS = `id, fingerprint, connector_id, connector_type, target, alert_type, kind, status, stale, severity,
  category, priority, priority_reason, device_ip, device_name, resource, title, message, metrics_json, raw_json,
  occurrence_count, first_seen_at, last_seen_at, event_time, acknowledged_by, acknowledged_at, resolved_by,
  resolved_at, resolution`;

/** One alert, or undefined. */
export function getAlert(db: Db, id: number): AlertRecord | undefined {
  const row = cachedStatement(db, `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ?`).get(id) as AlertRow | undefined;
  return row ? toAlertRecord(row) : undefined;
}

/**
 * One alert with its history (`GET /alerts/:id`).
 * @throws OcError ALERT_NOT_FOUND
 */
export function getAlertWithHistory(db: Db, id: number): AlertWithHistory {
  const alert = getAlert(db, id);
  if (!alert) throw hostError("ALERT_NOT_FOUND", `alert ${id} does not exist`, { id });
  const newest = cachedStatement(db,
    "SELECT id, alert_id, at, kind, actor, details_json FROM alert_events WHERE alert_id = ? ORDER BY id DESC LIMIT ?",
  ).all(id, MAX_HISTORY) as EventRow[];
  const total = newest.length < MAX_HISTORY ? newest.length
    : cachedStatement(db, "SELECT count(*) FROM alert_events WHERE alert_id = ?").pluck().get(id) as number;
  return { ...alert, history: newest.reverse().map(toEventRecord), history_total: total };
}

/**
 * A page of alerts matching `filters`, newest first, with an opaque cursor to the next page.
 * @throws OcError CURSOR_INVALID, VALIDATION_FAILED (limit out of range)
 */
export function listAlerts(db: Db, filters: AlertFilters = {}): AlertPage {
  const limit = filters.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw hostError("VALIDATION_FAILED", `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, { limit });
  }
  const where: string[] = [];
  const params: unknown[] = [];
  // One placeholder per list (a JSON array) keeps the number of distinct SQL texts, and cached statements, small.
  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    where.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  anyOf("status", filters.status);
  anyOf("severity", filters.severity);
  anyOf("category", filters.category);
  anyOf("connector_type", filters.connector_type);
  anyOf("kind", filters.kind);
  if (filters.connector_id !== undefined) {
    where.push("connector_id = ?");
    params.push(filters.connector_id);
  }
  if (filters.device) {
    where.push("(device_ip = ? OR device_name = ? COLLATE NOCASE)");
    params.push(filters.device, filters.device);
  }
  if (filters.text) {
    const pattern = `%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = ["title", "message", "device_name", "device_ip", "alert_type", "resource"];
    where.push(`(${columns.map((column) => `${column} LIKE ? ESCAPE '\\'`).join(" OR ")})`);
    params.push(...columns.map(() => pattern));
  }
  if (filters.stale !== undefined) {
    where.push("stale = ?");
    params.push(filters.stale ? 1 : 0);
  }
  if (filters.cursor !== undefined) {
    where.push("id < ?");
    params.push(decodeCursor(filters.cursor));
  }
  const sql = `SELECT ${ALERT_COLUMNS} FROM alerts ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY id DESC LIMIT ?`;
  const rows = cachedStatement(db, sql).all(...params, limit + 1) as AlertRow[];
  const items = rows.slice(0, limit).map(toAlertRecord);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** The daily counters of one connector instance, or of all of them. */
export function getConnectorCounters(db: Db, connectorId: string): ConnectorCounters | undefined;
export function getConnectorCounters(db: Db): ConnectorCounters[];
export function getConnectorCounters(db: Db, connectorId?: string): ConnectorCounters | ConnectorCounters[] | undefined {
  const columns = "connector_id, since, received, created, deduplicated, resolved, dropped_clears, notices, polls, poll_failures";
  if (connectorId === undefined) {
    return cachedStatement(db, `SELECT ${columns} FROM connector_counters ORDER BY connector_id`).all() as ConnectorCounters[];
  }
  return cachedStatement(db, `SELECT ${columns} FROM connector_counters WHERE connector_id = ?`).get(connectorId) as ConnectorCounters | undefined;
}

/** Unresolved alerts (open or acknowledged) per severity and status (GET /metrics). */
export function countUnresolvedAlerts(db: Db): Array<{ severity: string; status: AlertStatus; count: number }> {
  // From the alert store's in-memory view of the unresolved alerts: a scrape reads no rows (a
  // query read every unresolved row, some 200 ms with 100,000 of them).
  return openFingerprintsOf(db).countBySeverityAndStatus()
    .sort((a, b) => a.severity.localeCompare(b.severity) || a.status.localeCompare(b.status));
}

/** A connector instance's daily counters with its addon; all zero, and `since` null, before it counted anything. */
export interface ConnectorCountersOfAddon extends Omit<ConnectorCounters, "since"> {
  addon_id: string;
  since: string | null;
}

/** Every connector instance's daily counters (GET /metrics): one indexed look-up per instance. */
export function listConnectorCountersWithAddon(db: Db): ConnectorCountersOfAddon[] {
  return cachedStatement(db, `SELECT c.id AS connector_id, c.addon_id, k.since,
      coalesce(k.received, 0) AS received, coalesce(k.created, 0) AS created, coalesce(k.deduplicated, 0) AS deduplicated,
      coalesce(k.resolved, 0) AS resolved, coalesce(k.dropped_clears, 0) AS dropped_clears, coalesce(k.notices, 0) AS notices,
      coalesce(k.polls, 0) AS polls, coalesce(k.poll_failures, 0) AS poll_failures
    FROM connectors c LEFT JOIN connector_counters k ON k.connector_id = c.id ORDER BY c.id`).all() as ConnectorCountersOfAddon[];
}

export function toAlertRecord(row: AlertRow): AlertRecord {
  const { metrics_json, raw_json, stale, ...rest } = row;
  return { ...rest, stale: stale === 1, metrics: parseObject(metrics_json), raw: parseObject(raw_json) };
}

function toEventRecord(row: EventRow): AlertEventRecord {
  const { details_json, ...rest } = row;
  return { ...rest, details: parseObject(details_json) };
}

function parseObject(json: string): Record<string, unknown> {
  const value: unknown = JSON.parse(json);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

// The cursor is the last id of the page: ids only grow, so paging is stable while alerts arrive.
function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ v: 1, id })).toString("base64url");
}

function decodeCursor(cursor: string): number {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { v?: unknown; id?: unknown };
    if (value.v === 1 && Number.isSafeInteger(value.id) && (value.id as number) > 0) return value.id as number;
  } catch {
    // fall through to the coded error
  }
  throw hostError("CURSOR_INVALID", "the cursor is not one this server returned", { cursor });
}
