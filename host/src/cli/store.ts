import { existsSync } from "node:fs";
import { join } from "node:path";
import { ApiTokenStore } from "../auth/tokens.ts";
import { hostError } from "../errors.ts";
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
 * What a verb does when `dataDir` holds no database yet. Most refuse (DATA_NOT_FOUND): run from
 * another directory, or without the daemon's --data, they would otherwise make a store of their
 * own and act on it, say add the first admin where the daemon never looks. Those that set up a
 * data directory before the first start (user add, addon install) create it, and say so.
 */
export type MissingStore = "refuse" | { create: (file: string) => void };

/**
 * Opens the daemon's database directly. Safe while the daemon runs: SQLite WAL
 * lets one writer at a time in, and busy_timeout waits out the daemon's writes.
 */
/** The MissingStore of verbs that may set a data directory up: creates it and says so on stderr. */
export function createSaying(io: { stderr: { write(text: string): unknown } }): MissingStore {
  return { create: (file) => io.stderr.write(`opsconductor: no database at ${file} yet: created a new one (not the daemon's? pass its --data DIR)\n`) };
}

export function openCliStore(dataDir: string, ifMissing: MissingStore = "refuse"): CliStore {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) {
    if (ifMissing === "refuse") {
      throw hostError("DATA_NOT_FOUND", `no OpsConductor database in ${dataDir}: pass the daemon's --data DIR (or set OPSCONDUCTOR_DATA); ./opsconductor start creates it`, { dataDir });
    }
    ifMissing.create(file);
  }
  const db = openDatabase(file);
  return {
    db,
    users: new UserStore(db, systemClock),
    tokens: new ApiTokenStore(db, systemClock),
    close: () => db.close(),
  };
}
