import type { Statement } from "better-sqlite3";
import type { Db } from "../store/database.ts";
import { contentKey, type RepeatContent } from "./content-key.ts";
import { DeviceInventory, type DeviceRow } from "./device-inventory.ts";
import { openFingerprintsOf, type OpenAlertState, type OpenFingerprints } from "./open-fingerprints.ts";
import { cachedPluck, cachedStatement } from "../store/statements.ts";
import type { AlertRecord, Resolution } from "./types.ts";
import { storeErrorOf, storeHealthOf, type StoreHealth } from "../store/store-errors.ts";

/** The columns of an unresolved alert that ingest decisions need (held in memory: see OpenFingerprints). */
export type OpenAlertRow = Readonly<OpenAlertState>;

/** An unresolved alert of a connector instance, for snapshot/stale handling. */
export interface InstanceAlertRow {
  id: number;
  target: string | null;
  stale: 0 | 1;
  absent_polls: number;
}

/** A new row of `alerts` (see {@link NEW_ALERT_SHARED} and {@link NEW_ALERT_VARYING}). */
export type NewAlertRow = Omit<AlertRecord, "id" | "stale" | "metrics" | "raw" | "acknowledged_by" | "acknowledged_at"> & {
  metrics_json: string;
  raw_json: string;
};

/** Columns the rows of one batch nearly always share: bound once per statement, not per row. */
const NEW_ALERT_SHARED = [
  "connector_id", "connector_type", "kind", "status", "occurrence_count", "first_seen_at", "last_seen_at",
  "resolved_by", "resolved_at", "resolution",
] as const satisfies ReadonlyArray<keyof NewAlertRow>;

/** How rows of a table are written by AlertStore#insertRuns. */
interface RowLayout<Row> {
  table: string;
  /** Bound once per run of rows that agree on all of them. */
  shared: ReadonlyArray<keyof Row & string>;
  /** Bound per row... */
  varying: ReadonlyArray<keyof Row & string>;
  /** ...except these, when a run agrees on them too. */
  mayShare: ReadonlyArray<keyof Row & string>;
}

// Every column of a new row is written: a field added to NewAlertRow but to neither list fails here.
type UnwrittenColumn = Exclude<keyof NewAlertRow, (typeof NEW_ALERT_SHARED)[number] | (typeof NEW_ALERT_VARYING)[number]>;
const everyColumnWritten: [UnwrittenColumn] extends [never] ? true : UnwrittenColumn = true;
void everyColumnWritten;

const NEW_ALERT_VARYING = [
  "fingerprint", "target", "alert_type", "severity", "category", "priority", "priority_reason", "device_ip", "device_name",
  "resource", "title", "message", "metrics_json", "raw_json", "event_time",
] as const satisfies ReadonlyArray<keyof NewAlertRow>;

/** What repeat occurrences refresh on an open alert: its content, and the latest occurrence's own columns. */
export interface RepeatUpdate extends RepeatContent {
  raw_json: string;
  last_seen_at: string;
  event_time: string;
}

export type EventKind =
  | "created" | "severity_changed" | "priority_changed" | "acknowledged" | "unacknowledged" | "resolved" | "stale" | "fresh" | "flapping";

export interface NewEventRow {
  alert_id: number;
  at: string;
  kind: EventKind;
  actor: string;
  details_json: string;
}

// Rows per multi-row INSERT: fewer statement executions is most of the ingest speed.
const INSERT_CHUNK = 32;

const ALERT_LAYOUT: RowLayout<NewAlertRow> = {
  table: "alerts", shared: NEW_ALERT_SHARED, varying: NEW_ALERT_VARYING,
  mayShare: ["target", "alert_type", "severity", "category", "priority", "priority_reason", "message", "event_time"],
};

const EVENT_LAYOUT: RowLayout<NewEventRow> = {
  table: "alert_events", shared: ["at", "kind", "actor"], varying: ["alert_id", "details_json"], mayShare: ["details_json"],
};

/**
 * The alert tables' statements (cached per database: ingest runs them thousands of
 * times per batch). Open alerts are found by fingerprint through the database's
 * {@link OpenFingerprints}, which this class keeps in step with every write: all
 * writes to `alerts` go through it, inside {@link transaction}.
 */
export class AlertStore {
  readonly db: Db;
  readonly #open: OpenFingerprints;
  readonly #transaction: { immediate(work: () => unknown): unknown };
  readonly #repeat: Statement;
  readonly #repeatOccurrence: Statement;
  readonly #resolve: Statement;
  readonly #resolveAll: Statement;
  readonly #acknowledge: Statement;
  readonly #unacknowledge: Statement;
  readonly #setStale: Statement;
  readonly #setAbsentPolls: Statement;
  readonly #instanceProblems: Statement;
  readonly #devices: DeviceInventory;
  readonly #health: StoreHealth;

  constructor(db: Db) {
    this.db = db;
    this.#health = storeHealthOf(db);
    this.#open = openFingerprintsOf(db);
    this.#transaction = db.transaction((work: () => unknown) => work());
    // One row per statement: measured faster for repeats than UPDATE … FROM (VALUES …) of many.
    this.#repeat = cachedStatement(db, `UPDATE alerts SET
        occurrence_count = occurrence_count + ?, absent_polls = 0, stale = 0, alert_type = ?, severity = ?, category = ?,
        priority = ?, priority_reason = ?, device_name = ?, title = ?, message = ?, metrics_json = ?, raw_json = ?,
        last_seen_at = ?, event_time = ?
      WHERE id = ?`);
    // Most repeats bring the content the row already holds: binding and rewriting only what an
    // occurrence changes is measured about a third cheaper per repeat.
    this.#repeatOccurrence = cachedStatement(db, `UPDATE alerts SET
        occurrence_count = occurrence_count + ?, absent_polls = 0, stale = 0, raw_json = ?, last_seen_at = ?, event_time = ?
      WHERE id = ?`);
    this.#resolve = cachedStatement(db,
      "UPDATE alerts SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ? WHERE id = ? AND status <> 'resolved'",
    );
    this.#resolveAll = cachedStatement(db, `UPDATE alerts SET status = 'resolved', resolved_by = ?, resolved_at = ?, resolution = ?
      WHERE id IN (SELECT value FROM json_each(?)) AND status <> 'resolved'`);
    this.#acknowledge = cachedStatement(db,
      "UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND status = 'open'",
    );
    this.#unacknowledge = cachedStatement(db,
      "UPDATE alerts SET status = 'open', acknowledged_by = NULL, acknowledged_at = NULL WHERE id = ? AND status = 'acknowledged'",
    );
    // Going stale breaks the run of consecutive snapshots an alert must be absent from before it resolves.
    this.#setStale = cachedStatement(db,
      "UPDATE alerts SET stale = @stale, absent_polls = CASE WHEN @stale = 1 THEN 0 ELSE absent_polls END WHERE id = @id");
    this.#setAbsentPolls = cachedStatement(db, "UPDATE alerts SET absent_polls = ? WHERE id = ?");
    this.#instanceProblems = cachedStatement(db,
      `SELECT id, target, stale, absent_polls FROM alerts
       WHERE connector_id = ? AND status <> 'resolved' AND kind = 'problem' ORDER BY id`,
    );
    this.#devices = new DeviceInventory(db);
  }

  /**
   * Runs `work` in one immediate transaction. Should it throw, the rollback undoes what it
   * changed in the in-memory open fingerprints too (see OpenFingerprints#begin; an inner
   * transaction's failure, which its outer one may survive, discards them to be reloaded);
   * a failure of the store itself (a full disk) is thrown with its STORE_ code and stands
   * in the store's health until a write succeeds.
   */
  transaction<T>(work: () => T): T {
    const outermost = this.#open.begin();
    let result: T;
    try {
      result = this.#transaction.immediate(work) as T;
    } catch (error) {
      if (outermost) this.#open.rollback();
      else this.#open.discard();
      const storeError = storeErrorOf(error);
      if (storeError) this.#health.failed(storeError.code, Date.now());
      throw storeError ?? error;
    }
    if (outermost) this.#open.commit();
    this.#health.succeeded();
    return result;
  }

  /** How many unresolved problems a connector instance has (counted in memory; health alerts apart). */
  openCountOf(connectorId: string): number {
    return this.#open.countOf(connectorId);
  }

  /** The over-the-limit keys already recorded as notices (see IngestBatch's #create). */
  get overLimit(): Pick<OpenFingerprints, "noteOverLimit" | "wasOverLimit" | "forgetOverLimit"> {
    return this.#open;
  }

  /** The unresolved alerts with these fingerprints. */
  findOpen(fingerprints: readonly string[]): OpenAlertRow[] {
    const found: OpenAlertRow[] = [];
    for (const fingerprint of fingerprints) {
      const open = this.#open.get(fingerprint);
      if (open !== undefined) found.push(open);
    }
    return found;
  }

  /**
   * Inserts rows in order and returns their ids (consecutive: one writer holds the
   * transaction). Refuses a second unresolved alert for a fingerprint.
   */
  insertAlerts(rows: readonly NewAlertRow[]): number[] {
    const unresolved: string[] = [];
    for (const row of rows) if (row.status !== "resolved") unresolved.push(row.fingerprint);
    this.#open.claim(unresolved);
    let ids: number[];
    try {
      ids = this.#insertRuns(ALERT_LAYOUT, rows);
    } catch (error) {
      // Not inserted (a full disk): the keys are free again, whatever the caller does next.
      this.#open.unclaim(unresolved);
      throw error;
    }
    for (let i = 0; i < rows.length; i++) {
      const { status, fingerprint, connector_id, kind, severity, priority, last_seen_at } = rows[i]!;
      if (status !== "resolved") this.#open.opened({ id: ids[i]!, fingerprint, connector_id, kind: kind === "health" ? "health" : "problem", status, stale: 0, severity, priority, last_seen_at });
    }
    return ids;
  }

  insertEvents(rows: readonly NewEventRow[]): void {
    this.#insertRuns(EVENT_LAYOUT, rows);
  }

  /** Applies `occurrences` coalesced repeats, with the latest occurrence's fields. */
  repeat(id: number, occurrences: number, update: RepeatUpdate): void {
    const content = contentKey(update);
    if (this.#open.byId(id)?.content === content) {
      this.#repeatOccurrence.run(occurrences, update.raw_json, update.last_seen_at, update.event_time, id);
    } else {
      this.#repeat.run(occurrences, update.alert_type, update.severity, update.category, update.priority,
        update.priority_reason, update.device_name, update.title, update.message, update.metrics_json, update.raw_json,
        update.last_seen_at, update.event_time, id);
    }
    this.#open.changed(id, { severity: update.severity, priority: update.priority, last_seen_at: update.last_seen_at, stale: 0, content });
  }

  /** Resolves unresolved alerts by id, in one statement; how many it resolved. */
  resolveAll(ids: readonly number[], actor: string, at: string, resolution: Resolution): number {
    if (ids.length === 0) return 0;
    const resolved = this.#resolveAll.run(actor, at, resolution, JSON.stringify(ids)).changes;
    for (const id of ids) this.#open.resolved(id);
    return resolved;
  }

  /** Resolves an unresolved alert; false when it was already resolved (a resolved row never changes). */
  resolve(id: number, actor: string, at: string, resolution: Resolution): boolean {
    if (this.#resolve.run(actor, at, resolution, id).changes !== 1) return false;
    this.#open.resolved(id);
    return true;
  }

  acknowledge(id: number, actor: string, at: string): void {
    if (this.#acknowledge.run(actor, at, id).changes === 1) this.#open.changed(id, { status: "acknowledged" });
  }

  unacknowledge(id: number): void {
    if (this.#unacknowledge.run(id).changes === 1) this.#open.changed(id, { status: "open" });
  }

  setStale(id: number, stale: boolean): void {
    this.#setStale.run({ stale: stale ? 1 : 0, id });
    this.#open.changed(id, { stale: stale ? 1 : 0 });
  }

  setAbsentPolls(id: number, absentPolls: number): void {
    this.#setAbsentPolls.run(absentPolls, id);
  }

  /** The unresolved problem alerts of a connector instance (health alerts and notices excluded). */
  instanceProblems(connectorId: string): InstanceAlertRow[] {
    return this.#instanceProblems.all(connectorId) as InstanceAlertRow[];
  }

  /** The ids of every unresolved alert of a connector instance, problems and health alerts alike. */
  unresolvedIdsOf(connectorId: string): number[] {
    return cachedPluck(this.db, "SELECT id FROM alerts WHERE connector_id = ? AND status <> 'resolved' ORDER BY id").all(connectorId) as number[];
  }

  /** The inventory record of each of these IPs that has one (see DeviceInventory). */
  devicesByIp(ips: readonly string[]): Map<string, DeviceRow> {
    return this.#devices.byIp(ips);
  }

  /**
   * Inserts rows in order with multi-row INSERTs of 32, 16, ..., 1 rows (a handful of cached
   * statements cover any count); returns their ids. Consecutive rows with the same `shared`
   * values (usually a whole batch: same connector, same instant) bind those once per
   * statement — `INSERT … SELECT ?, …, column1, … FROM (VALUES …)` — and so do the
   * `mayShare` columns that happen to be equal across such a run (one alert type, one
   * severity, ...): binding a wide row's values is most of the cost of inserting it.
   */
  #insertRuns<Row extends object>(layout: RowLayout<Row>, rows: readonly Row[]): number[] {
    const ids: number[] = [];
    let start = 0;
    while (start < rows.length) {
      let end = start + 1;
      while (end < rows.length && layout.shared.every((column) => rows[end]![column] === rows[start]![column])) end++;
      this.#insertRun(layout, rows, start, end, ids);
      start = end;
    }
    return ids;
  }

  #insertRun<Row extends object>(layout: RowLayout<Row>, rows: readonly Row[], start: number, end: number, ids: number[]): void {
    const first = rows[start]!;
    const constant = layout.mayShare.filter((column) => {
      for (let i = start + 1; i < end; i++) if (rows[i]![column] !== first[column]) return false;
      return true;
    });
    const shared = [...layout.shared, ...constant];
    const varying = constant.length === 0 ? layout.varying : layout.varying.filter((column) => !constant.includes(column));
    const sharedValues = shared.map((column) => first[column]);
    let at = start;
    for (let size = INSERT_CHUNK; size >= 1; size >>= 1) {
      if (end - at < size) continue;
      const statement = cachedStatement(this.db, `INSERT INTO ${layout.table} (${[...shared, ...varying].join(", ")})
        SELECT ${[...shared.map(() => "?"), ...varying.map((_, i) => `column${i + 1}`)].join(", ")}
        FROM (VALUES ${Array(size).fill(`(${varying.map(() => "?").join(", ")})`).join(", ")})`);
      while (end - at >= size) {
        const values: unknown[] = sharedValues.slice();
        for (let i = at; i < at + size; i++) {
          const row = rows[i]!;
          for (const column of varying) values.push(row[column]);
        }
        const last = Number(statement.run(values).lastInsertRowid);
        for (let id = last - size + 1; id <= last; id++) ids.push(id);
        at += size;
      }
    }
  }
}
