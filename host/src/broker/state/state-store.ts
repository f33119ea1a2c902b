import type { Statement } from "better-sqlite3";
import { hostError } from "../../errors.ts";
import type { Db } from "../../store/database.ts";

/** Where ctx.state persists: JSON text per (connector instance, key). */
export interface ConnectorStateStore {
  get(instanceId: string, key: string): string | undefined;
  /** Stores `valueJson`, refusing (BROKER_STATE_TOO_LARGE) when the instance's total would pass `maxTotalBytes`. */
  set(instanceId: string, key: string, valueJson: string, options: { maxTotalBytes: number; at: string }): void;
  delete(instanceId: string, key: string): void;
  /** Bytes stored for the instance. */
  totalBytes(instanceId: string): number;
}

/** ctx.state in the core database's `connector_state` table (migration 002). */
export class SqliteConnectorStateStore implements ConnectorStateStore {
  readonly #db: Db;
  readonly #select: Statement<[string, string], { value_json: string }>;
  readonly #total: Statement<[string], { total: number | null }>;
  readonly #sizeOf: Statement<[string, string], { size: number }>;
  readonly #upsert: Statement<[string, string, string, number, string]>;
  readonly #remove: Statement<[string, string]>;

  constructor(db: Db) {
    this.#db = db;
    this.#select = db.prepare("SELECT value_json FROM connector_state WHERE connector_id = ? AND key = ?");
    this.#total = db.prepare("SELECT sum(size) AS total FROM connector_state WHERE connector_id = ?");
    this.#sizeOf = db.prepare("SELECT size FROM connector_state WHERE connector_id = ? AND key = ?");
    this.#upsert = db.prepare(`INSERT INTO connector_state (connector_id, key, value_json, size, updated_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (connector_id, key) DO UPDATE SET value_json = excluded.value_json, size = excluded.size, updated_at = excluded.updated_at`);
    this.#remove = db.prepare("DELETE FROM connector_state WHERE connector_id = ? AND key = ?");
  }

  get(instanceId: string, key: string): string | undefined {
    return this.#select.get(instanceId, key)?.value_json;
  }

  set(instanceId: string, key: string, valueJson: string, options: { maxTotalBytes: number; at: string }): void {
    const size = Buffer.byteLength(key) + Buffer.byteLength(valueJson);
    // Check and write in one transaction, so that two writers cannot both pass the cap.
    this.#db.transaction(() => {
      const total = this.totalBytes(instanceId) - (this.#sizeOf.get(instanceId, key)?.size ?? 0) + size;
      if (total > options.maxTotalBytes) {
        throw hostError("BROKER_STATE_TOO_LARGE",
          `ctx.state.set('${key}') refused: the instance's state would take ${total} bytes, over its ${options.maxTotalBytes}-byte cap`,
          { key, total, maxTotalBytes: options.maxTotalBytes });
      }
      this.#upsert.run(instanceId, key, valueJson, size, options.at);
    }).immediate();
  }

  delete(instanceId: string, key: string): void {
    this.#remove.run(instanceId, key);
  }

  totalBytes(instanceId: string): number {
    return this.#total.get(instanceId)?.total ?? 0;
  }
}
