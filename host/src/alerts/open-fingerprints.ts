import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";

/**
 * The unresolved alerts, held in memory for the alert store: per fingerprint, the columns
 * ingest decides with (id, status, stale, severity, priority, last seen).
 *
 * Why not an index: fingerprints are hashes, so every new alert landed on a random leaf of
 * a B-tree index, and under sustained ingest that index's page writes were a third of the
 * cost of storing an alert. Why not a query: a batch of repeats then read back every row it
 * was about to update. Every write to `alerts` goes through one AlertStore per database
 * (this process is the only writer), which keeps this map in step; it is loaded from the
 * table on first use, so a restart (or a kill -9) rebuilds it from what was committed. What a
 * transaction changes is journaled and undone if it rolls back: reloading instead took seconds
 * at a million open alerts, and while the disk is full every ingest rolls back.
 *
 * Memory: one entry per unresolved alert (about 250 bytes: 252 MB at a million, measured), bounded
 * by the per-instance open limit (IngestBatch).
 */
export interface OpenAlertState {
  id: number;
  fingerprint: string;
  connector_id: string;
  /** Problems count against their instance's open limit; health alerts (a few per instance) do not. */
  kind: "problem" | "health";
  status: "open" | "acknowledged";
  stale: 0 | 1;
  severity: string;
  priority: string;
  last_seen_at: string;
  /** contentKey() of the content columns last written by this process; unknown after a reload. */
  content?: number;
}

/** Over-the-limit keys remembered (about 100 bytes each). */
const MAX_OVER_LIMIT_KEYS = 100_000;

// A fingerprint claimed by a row being inserted, before its id is known.
const CLAIMED = null;

/** Puts back one change of the transaction in progress. */
type Undo = () => void;

export class OpenFingerprints {
  readonly #db: Db;
  #byFingerprint: Map<string, OpenAlertState | typeof CLAIMED> | undefined;
  #byId = new Map<number, OpenAlertState>();
  #perConnector = new Map<string, number>();
  // Keys recorded as over-the-limit notices: their repeats are counted, not recorded again.
  #overLimit = new Set<string>();
  // The undo steps of the outermost transaction in progress; undefined outside one.
  #journal: Undo[] | undefined;
  // Loaded inside the transaction in progress: the load saw its uncommitted writes, which no undo step covers.
  #loadedInTransaction = false;
  #loads = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  /** How many times the map was loaded from the table (once, unless discarded). */
  get loads(): number {
    return this.#loads;
  }

  /**
   * Starts journaling the changes of a transaction; false (nothing started) inside one already,
   * whose journal goes on. The one that started ends it with {@link commit} or {@link rollback}.
   */
  begin(): boolean {
    if (this.#journal) return false;
    this.#journal = [];
    return true;
  }

  commit(): void {
    this.#journal = undefined;
    this.#loadedInTransaction = false;
  }

  /** Undoes the transaction's changes, latest first: the map is again what the table holds. */
  rollback(): void {
    const journal = this.#journal;
    this.#journal = undefined;
    if (this.#loadedInTransaction) {
      this.#loadedInTransaction = false;
      this.discard();
      return;
    }
    if (!journal || !this.#byFingerprint) return;
    for (let i = journal.length - 1; i >= 0; i--) journal[i]!();
  }

  /** The unresolved alert with this fingerprint. */
  get(fingerprint: string): Readonly<OpenAlertState> | undefined {
    return this.#loaded().get(fingerprint) ?? undefined;
  }

  /**
   * Claims each fingerprint for a new unresolved alert about to be inserted, or throws
   * (claiming none) when one has an unresolved alert already or is named twice: the store
   * enforces at most one unresolved alert per fingerprint with this, before it writes.
   * {@link opened} then records the inserted rows.
   */
  claim(fingerprints: readonly string[]): void {
    const byFingerprint = this.#loaded();
    for (let i = 0; i < fingerprints.length; i++) {
      const fingerprint = fingerprints[i]!;
      if (byFingerprint.has(fingerprint)) {
        for (let j = 0; j < i; j++) byFingerprint.delete(fingerprints[j]!);
        throw hostError("INTERNAL", `a second unresolved alert for fingerprint ${fingerprint}`, { fingerprint, open: byFingerprint.get(fingerprint)?.id ?? null });
      }
      byFingerprint.set(fingerprint, CLAIMED);
    }
    this.#journal?.push(() => {
      for (const fingerprint of fingerprints) byFingerprint.delete(fingerprint);
    });
  }

  /** Gives back claims whose rows were not inserted after all. */
  unclaim(fingerprints: readonly string[]): void {
    const byFingerprint = this.#byFingerprint;
    if (!byFingerprint) return;
    for (const fingerprint of fingerprints) if (byFingerprint.get(fingerprint) === CLAIMED) byFingerprint.delete(fingerprint);
  }

  opened(state: OpenAlertState): void {
    this.#loaded().set(state.fingerprint, state);
    this.#byId.set(state.id, state);
    if (state.kind === "problem") this.#count(state.connector_id, 1);
    this.#journal?.push(() => this.#forget(state));
  }

  /** Remembers a key recorded as an over-the-limit notice (bounded: when full, it starts afresh). */
  noteOverLimit(fingerprint: string): void {
    if (this.#overLimit.size >= MAX_OVER_LIMIT_KEYS) {
      const full = this.#overLimit;
      this.#overLimit = new Set();
      this.#journal?.push(() => (this.#overLimit = full));
    }
    this.#overLimit.add(fingerprint);
    this.#journal?.push(() => this.#overLimit.delete(fingerprint));
  }

  /** Whether this key was recorded as an over-the-limit notice (and is still remembered). */
  wasOverLimit(fingerprint: string): boolean {
    return this.#overLimit.has(fingerprint);
  }

  /** A key that opened for real after all (its instance fell below the limit). */
  forgetOverLimit(fingerprint: string): void {
    if (this.#overLimit.delete(fingerprint)) this.#journal?.push(() => this.#overLimit.add(fingerprint));
  }

  /** How many unresolved problems a connector instance has. */
  countOf(connectorId: string): number {
    this.#loaded();
    return this.#perConnector.get(connectorId) ?? 0;
  }

  /** How many unresolved alerts there are of each severity and status (counted in memory, no query). */
  countBySeverityAndStatus(): Array<{ severity: string; status: OpenAlertState["status"]; count: number }> {
    this.#loaded();
    const counts = new Map<string, { severity: string; status: OpenAlertState["status"]; count: number }>();
    for (const { severity, status } of this.#byId.values()) {
      const key = `${severity} ${status}`;
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else counts.set(key, { severity, status, count: 1 });
    }
    return [...counts.values()];
  }

  /** The unresolved alert with this id. */
  byId(id: number): Readonly<OpenAlertState> | undefined {
    this.#loaded();
    return this.#byId.get(id);
  }

  /** Applies what a write changed on an unresolved alert (unknown ids are resolved ones: nothing to do). */
  changed(id: number, change: Partial<Pick<OpenAlertState, "status" | "stale" | "severity" | "priority" | "last_seen_at" | "content">>): void {
    this.#loaded();
    const state = this.#byId.get(id);
    if (!state) return;
    if (this.#journal) {
      const before: Partial<OpenAlertState> = {};
      for (const key of Object.keys(change) as Array<keyof typeof change>) (before as Record<string, unknown>)[key] = state[key];
      this.#journal.push(() => Object.assign(state, before));
    }
    Object.assign(state, change);
  }

  resolved(id: number): void {
    this.#loaded();
    const state = this.#byId.get(id);
    if (state === undefined) return;
    this.#forget(state);
    this.#journal?.push(() => this.opened(state));
  }

  #forget(state: OpenAlertState): void {
    this.#byId.delete(state.id);
    this.#byFingerprint?.delete(state.fingerprint);
    if (state.kind === "problem") this.#count(state.connector_id, -1);
  }

  #count(connectorId: string, delta: number): void {
    const count = (this.#perConnector.get(connectorId) ?? 0) + delta;
    if (count > 0) this.#perConnector.set(connectorId, count);
    else this.#perConnector.delete(connectorId);
  }

  /** Forgets everything (and the journal: nothing left to undo); the next use reloads from the table. */
  discard(): void {
    if (this.#journal) this.#journal = [];
    this.#byFingerprint = undefined;
    this.#byId = new Map();
    this.#perConnector = new Map();
    this.#overLimit = new Set();
  }

  #loaded(): Map<string, OpenAlertState | typeof CLAIMED> {
    if (this.#byFingerprint) return this.#byFingerprint;
    // Built aside and taken whole: a load that fails half-way (outside a transaction) leaves nothing counted twice.
    const byFingerprint = new Map<string, OpenAlertState | typeof CLAIMED>();
    const byId = new Map<number, OpenAlertState>();
    const perConnector = new Map<string, number>();
    const rows = this.#db.prepare(
      "SELECT id, fingerprint, connector_id, kind, status, stale, severity, priority, last_seen_at FROM alerts WHERE status <> 'resolved'",
    ).iterate() as Iterable<OpenAlertState>;
    for (const state of rows) {
      byFingerprint.set(state.fingerprint, state);
      byId.set(state.id, state);
      if (state.kind === "problem") perConnector.set(state.connector_id, (perConnector.get(state.connector_id) ?? 0) + 1);
    }
    this.#byId = byId;
    this.#perConnector = perConnector;
    this.#byFingerprint = byFingerprint;
    this.#loads += 1;
    if (this.#journal) this.#loadedInTransaction = true;
    return byFingerprint;
  }
}

const perDatabase = new WeakMap<Db, OpenFingerprints>();

/** The one map of a database, shared by every AlertStore on it. */
export function openFingerprintsOf(db: Db): OpenFingerprints {
  let open = perDatabase.get(db);
  if (!open) {
    open = new OpenFingerprints(db);
    perDatabase.set(db, open);
  }
  return open;
}
