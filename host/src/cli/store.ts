import { join } from "node:path";
import { ApiTokenStore } from "../auth/tokens.ts";
import { UserStore } from "../auth/users.ts";
import { openDatabase, type Db } from "../store/database.ts";
import { systemClock } from "../util/clock.ts";

export const DATABASE_FILE = "opsconductor.db";

export interface CliStore {
  db: Db;
  users: UserStore;
  tokens: ApiTokenStore;
  close(): void;
}

/**
 * Opens the daemon's database directly. Safe while the daemon runs: SQLite WAL
 * lets one writer at a time in, and busy_timeout waits out the daemon's writes.
 */
export function openCliStore(dataDir: string): CliStore {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  return {
    db,
    users: new UserStore(db, systemClock),
    tokens: new ApiTokenStore(db, systemClock),
    close: () => db.close(),
  };
}
