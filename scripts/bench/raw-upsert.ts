// The floor the AlertManager is measured against: plain better-sqlite3 upserts of
// alert-sized rows by fingerprint, one transaction per batch, same pragmas and the same
// WAL checkpointer thread as the store.
import Database from "better-sqlite3";
import { startCheckpointer, type Checkpointer } from "../../host/src/store/checkpointer.ts";
import { bestRate } from "./report.ts";

export class RawUpsert {
  readonly #db: Database.Database;
  readonly #checkpointer: Checkpointer;
  readonly #run: (from: number) => void;
  readonly batch: number;
  #next = 0;

  constructor(file: string, batch: number) {
    this.batch = batch;
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    this.#checkpointer = startCheckpointer(db);
    db.exec(`CREATE TABLE IF NOT EXISTS raw_alerts (
      id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE, severity TEXT, title TEXT, metrics_json TEXT,
      occurrence_count INTEGER NOT NULL DEFAULT 1, first_seen_at TEXT, last_seen_at TEXT)`);
    const upsert = db.prepare(`INSERT INTO raw_alerts (fingerprint, severity, title, metrics_json, first_seen_at, last_seen_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (fingerprint) DO UPDATE SET occurrence_count = occurrence_count + 1, last_seen_at = excluded.last_seen_at,
        severity = excluded.severity, metrics_json = excluded.metrics_json`);
    this.#run = db.transaction((from: number) => {
      const now = new Date().toISOString();
      for (let i = 0; i < batch; i++) {
        upsert.run(`fp-${from + i}`, "major", `device-${(from + i) % 500}: link down`, `{"ifIndex":${i}}`, now, now);
      }
    });
    this.#db = db;
  }

  /** The best rows/s over `iterations` batches of new keys. */
  rate(iterations: number): number {
    return bestRate(this.batch, iterations, () => {
      this.#run(this.#next);
      this.#next += this.batch;
    });
  }

  async close(): Promise<void> {
    await this.#checkpointer.close();
    this.#db.close();
  }
}
