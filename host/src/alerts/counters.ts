import type { Statement } from "better-sqlite3";
import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";

/**
 * The daily per-instance alert counters of `connector_counters` (polls and poll_failures
 * are counted by the poll job, connectors/connector-status.ts).
 */
export interface CounterDelta {
  received: number;
  created: number;
  deduplicated: number;
  resolved: number;
  dropped_clears: number;
  notices: number;
}

export function emptyCounterDelta(): CounterDelta {
  return { received: 0, created: 0, deduplicated: 0, resolved: 0, dropped_clears: 0, notices: 0 };
}

/**
 * Adds counter deltas to `connector_counters`, creating the row on demand. The row
 * references `connectors`, so an instance without a connectors row (deleted, or a
 * test) is not counted rather than failing the ingest.
 */
export class CounterWriter {
  readonly #upsert: Statement;
  readonly #reset: Statement;

  constructor(db: Db) {
    this.#upsert = cachedStatement(db, `INSERT INTO connector_counters
        (connector_id, since, received, created, deduplicated, resolved, dropped_clears, notices)
      SELECT @connector_id, @since, @received, @created, @deduplicated, @resolved, @dropped_clears, @notices
      WHERE EXISTS (SELECT 1 FROM connectors WHERE id = @connector_id)
      ON CONFLICT (connector_id) DO UPDATE SET
        received = received + excluded.received, created = created + excluded.created,
        deduplicated = deduplicated + excluded.deduplicated, resolved = resolved + excluded.resolved,
        dropped_clears = dropped_clears + excluded.dropped_clears, notices = notices + excluded.notices`);
    this.#reset = cachedStatement(db, `UPDATE connector_counters SET since = ?, received = 0, created = 0, deduplicated = 0,
        resolved = 0, dropped_clears = 0, notices = 0, polls = 0, poll_failures = 0`);
  }

  add(connectorId: string, since: string, delta: CounterDelta): void {
    if (Object.values(delta).every((count) => count === 0)) return;
    this.#upsert.run({ connector_id: connectorId, since, ...delta });
  }

  /** Zeroes every row and moves `since` to `at`; returns the number of rows reset. */
  resetAll(at: string): number {
    return this.#reset.run(at).changes;
  }
}
