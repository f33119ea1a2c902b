import type { Statement } from "better-sqlite3";
import { hostError } from "../../errors.ts";
import type { Db } from "../../store/database.ts";

/**
 * Bytes counted against an instance's cap for each key, beside its key and value: what SQLite
 * stores besides them (the connector id and updated_at of the row, the record header, the primary
 * key's b-tree, slack in its pages). A key with a one-byte value took 83-89 bytes of the database
 * file at 219,310 rows; 64 keeps the count below that, and bounds the rows: at most 16,384 keys
 * fit in the default 1 MiB, where the key and value bytes alone let 219,310 tiny keys (19.5 MB) in.
 */
export const STATE_BYTES_PER_KEY = 64;

/** What one instance's ctx.state holds: its keys, and the bytes of their keys and values. */
export interface StateUsage {
  keys: number;
  bytes: number;
}

/** Where ctx.state persists: JSON text per (connector instance, key). */
export interface ConnectorStateStore {
  get(instanceId: string, key: string): string | undefined;
  /**
   * Stores `valueJson`, refusing (BROKER_STATE_TOO_LARGE) when the instance's total would pass
   * `maxTotalBytes`: the bytes of its keys and values plus {@link STATE_BYTES_PER_KEY} per key.
   */
  set(instanceId: string, key: string, valueJson: string, options: { maxTotalBytes: number; at: string }): void;
  delete(instanceId: string, key: string): void;
  /** What the instance holds now. */
  usage(instanceId: string): StateUsage;
}

/**
 * Each instance's usage, per database: read by one aggregate query at the instance's first
 * use, then kept in step by set and delete, so that a write's cap check costs the same at
 * 10 keys as at 200,000 (the SUM it replaces took 29 ms a write at 219,310 rows). Shared by
 * every store over the same database, since a restarted connector's new instance writes
 * beside the old one (and each broker makes its own store).
 *
 * The figures stay right because the stores are the only writers of connector_state, apart
 * from migration 002's trigger, which empties it for a deleted connector: connector ids are
 * UUIDs, never reused, so no instance reads the stale figures of a deleted one (at worst a
 * deleted connector's instance still draining counts rows already gone, on the safe side).
 * A deleted connector's entry, two numbers, stays until the daemon restarts.
 */
const usageByDb = new WeakMap<Db, Map<string, StateUsage>>();

/** ctx.state in the core database's `connector_state` table (migration 002). */
export class SqliteConnectorStateStore implements ConnectorStateStore {
  readonly #db: Db;
  readonly #usage: Map<string, StateUsage>;
  readonly #select: Statement<[string, string], { value_json: string }>;
  readonly #load: Statement<[string], { keys: number; bytes: number | null }>;
  readonly #sizeOf: Statement<[string, string], { size: number }>;
  readonly #upsert: Statement<[string, string, string, number, string]>;
  readonly #remove: Statement<[string, string], { size: number }>;

  constructor(db: Db) {
    this.#db = db;
    let usage = usageByDb.get(db);
    if (!usage) usageByDb.set(db, (usage = new Map()));
    this.#usage = usage;
    this.#select = db.prepare("SELECT value_json FROM connector_state WHERE connector_id = ? AND key = ?");
    this.#load = db.prepare("SELECT count(*) AS keys, sum(size) AS bytes FROM connector_state WHERE connector_id = ?");
    this.#sizeOf = db.prepare("SELECT size FROM connector_state WHERE connector_id = ? AND key = ?");
    this.#upsert = db.prepare(`INSERT INTO connector_state (connector_id, key, value_json, size, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (connector_id, key) DO UPDATE SET value_json = excluded.value_json, size = excluded.size, updated_at = excluded.updated_at`);
    this.#remove = db.prepare("DELETE FROM connector_state WHERE connector_id = ? AND key = ? RETURNING size");
  }

  get(instanceId: string, key: string): string | undefined {
    return this.#select.get(instanceId, key)?.value_json;
  }

  set(instanceId: string, key: string, valueJson: string, options: { maxTotalBytes: number; at: string }): void {
    const size = Buffer.byteLength(key) + Buffer.byteLength(valueJson);
    const usage = this.#usageOf(instanceId);
    // The key's previous size, the check and the write in one transaction.
    const replaced = this.#db.transaction(() => {
      const previous = this.#sizeOf.get(instanceId, key)?.size;
      const after = { keys: usage.keys + (previous === undefined ? 1 : 0), bytes: usage.bytes - (previous ?? 0) + size };
      if (countedBytes(after) > options.maxTotalBytes) throw tooLarge(key, after, options.maxTotalBytes);
      this.#upsert.run(instanceId, key, valueJson, size, options.at);
      return previous;
    }).immediate();
    // Only a write that went through moves the figures.
    usage.bytes += size - (replaced ?? 0);
    if (replaced === undefined) usage.keys += 1;
  }

  delete(instanceId: string, key: string): void {
    const usage = this.#usageOf(instanceId);
    const removed = this.#remove.get(instanceId, key);
    if (removed === undefined) return;
    usage.bytes -= removed.size;
    usage.keys -= 1;
  }

  usage(instanceId: string): StateUsage {
    return { ...this.#usageOf(instanceId) };
  }

  #usageOf(instanceId: string): StateUsage {
    let usage = this.#usage.get(instanceId);
    if (!usage) {
      const row = this.#load.get(instanceId);
      usage = { keys: row?.keys ?? 0, bytes: row?.bytes ?? 0 };
      this.#usage.set(instanceId, usage);
    }
    return usage;
  }
}

/** What an instance's state counts against its cap. */
function countedBytes(usage: StateUsage): number {
  return usage.bytes + usage.keys * STATE_BYTES_PER_KEY;
}

function tooLarge(key: string, after: StateUsage, maxTotalBytes: number) {
  const total = countedBytes(after);
  const details = { key, total, maxTotalBytes, keys: after.keys, bytes: after.bytes, bytesPerKey: STATE_BYTES_PER_KEY };
  // The number of keys is what bites when their bytes alone would fit.
  const message = after.bytes <= maxTotalBytes
    ? `the instance would hold ${after.keys} keys, which at ${STATE_BYTES_PER_KEY} bytes counted per key beside their ${after.bytes} bytes `
      + `of keys and values take ${total} bytes, over its ${maxTotalBytes}-byte cap: delete keys it no longer needs`
    : `the instance's state would take ${total} bytes (${after.bytes} of keys and values, and ${STATE_BYTES_PER_KEY} per key `
      + `for its ${after.keys} keys), over its ${maxTotalBytes}-byte cap`;
  return hostError("BROKER_STATE_TOO_LARGE", `ctx.state.set('${key}') refused: ${message}`, details);
}
