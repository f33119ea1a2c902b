import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";

/**
 * The unresolved alert of each fingerprint, held in memory for the alert store.
 *
 * Why not an index: fingerprints are hashes, so every new alert landed on a random leaf of
 * a B-tree index, and under sustained ingest that index's page writes were a third of the
 * cost of storing an alert. Every write to `alerts` goes through one AlertStore per
 * database (this process is the only writer), which keeps this map in step; it is loaded
 * from the table on first use, so a restart (or a kill -9) rebuilds it from what was
 * committed. A rolled-back transaction discards it, to be reloaded the same way.
 *
 * Memory: one entry per unresolved alert (about 150 bytes).
 */
// A fingerprint claimed by a row being inserted, before its id is known (ids start at 1).
const CLAIMED = 0;

export class OpenFingerprints {
  readonly #db: Db;
  #idOf: Map<string, number> | undefined;
  #fingerprintOf = new Map<number, string>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** The id of the unresolved alert with this fingerprint. */
  idOf(fingerprint: string): number | undefined {
    const id = this.#loaded().get(fingerprint);
    return id === CLAIMED ? undefined : id;
  }

  /**
   * Claims each fingerprint for a new unresolved alert about to be inserted, or throws
   * (claiming none) when one has an unresolved alert already or is named twice: the store
   * enforces at most one unresolved alert per fingerprint with this, before it writes.
   * {@link opened} then records the inserted ids.
   */
  claim(fingerprints: readonly string[]): void {
    const idOf = this.#loaded();
    for (let i = 0; i < fingerprints.length; i++) {
      const fingerprint = fingerprints[i]!;
      if (idOf.has(fingerprint)) {
        for (let j = 0; j < i; j++) idOf.delete(fingerprints[j]!);
        throw hostError("INTERNAL", `a second unresolved alert for fingerprint ${fingerprint}`, { fingerprint, open: idOf.get(fingerprint) ?? null });
      }
      idOf.set(fingerprint, CLAIMED);
    }
  }

  opened(fingerprint: string, id: number): void {
    this.#loaded().set(fingerprint, id);
    this.#fingerprintOf.set(id, fingerprint);
  }

  resolved(id: number): void {
    const fingerprint = this.#fingerprintOf.get(id);
    if (fingerprint === undefined) return;
    this.#fingerprintOf.delete(id);
    this.#idOf?.delete(fingerprint);
  }

  /** Forgets everything; the next use reloads from the table. */
  discard(): void {
    this.#idOf = undefined;
    this.#fingerprintOf = new Map();
  }

  #loaded(): Map<string, number> {
    if (this.#idOf) return this.#idOf;
    const idOf = new Map<string, number>();
    const rows = this.#db.prepare("SELECT id, fingerprint FROM alerts WHERE status <> 'resolved'").raw().iterate() as Iterable<[number, string]>;
    for (const [id, fingerprint] of rows) {
      idOf.set(fingerprint, id);
      this.#fingerprintOf.set(id, fingerprint);
    }
    this.#idOf = idOf;
    return idOf;
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
