import type { OcError } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { Db } from "./database.ts";

/**
 * SQLite's failures that an operator can act on, as the host's coded errors; anything else
 * (a bug, a constraint) stays what it was. A full disk used to answer webhook senders
 * `500 INTERNAL` while /healthz said "ok".
 */
export function storeErrorOf(error: unknown): OcError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  if (code === "SQLITE_FULL") {
    return hostError("STORE_FULL", "the database's disk is full: nothing was stored; free space (or shorten the retention) and send it again", undefined, error);
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return hostError("STORE_BUSY", "the database is busy: nothing was stored; send it again", undefined, error);
  }
  if (code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN")) {
    return hostError("STORE_UNWRITABLE", `the database cannot be written (${code}): check the data directory's disk and permissions`, undefined, error);
  }
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    return hostError("STORE_CORRUPT", `the database file is damaged or not a database (${code}): restore the latest backup (the data directory's backups/ folder)`, undefined, error);
  }
  return undefined;
}

/** A failure no newer one has refreshed is assumed over after this long (a quiet store may not write again soon). */
const FAILURE_STANDS_MS = 5 * 60_000;

/** The failures that stand in the store's health: a state of the disk or the file, not a passing lock. */
const STANDING_FAILURES: ReadonlySet<string> = new Set(["STORE_FULL", "STORE_UNWRITABLE", "STORE_CORRUPT"]);

/** Whether the store's writes are failing now: its last write failure, unless a write succeeded since. */
export class StoreHealth {
  #failure: { code: string; at: number } | undefined;

  failed(code: string, at: number): void {
    if (STANDING_FAILURES.has(code)) this.#failure = { code, at };
  }

  succeeded(): void {
    this.#failure = undefined;
  }

  /** The code and time of the failure that stands, if any. */
  get failure(): { code: string; at: number } | undefined {
    if (this.#failure && Date.now() - this.#failure.at > FAILURE_STANDS_MS) this.#failure = undefined;
    return this.#failure;
  }
}

const perDatabase = new WeakMap<Db, StoreHealth>();

/** The write health of one database (shared by everything that writes to it). */
export function storeHealthOf(db: Db): StoreHealth {
  let health = perDatabase.get(db);
  if (!health) perDatabase.set(db, (health = new StoreHealth()));
  return health;
}
