import Database from "better-sqlite3";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hostError, type HostErrorCode } from "../errors.ts";
import { createPrivateFile, makePrivateDir, restrictToOwner } from "../util/private-files.ts";
import { storeErrorOf } from "./store-errors.ts";

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered `NNN_name.sql` files beside this module, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 3)),
      name: file.slice(4, -4),
      sql: readFileSync(join(dir, file), "utf8"),
    }));
}

/**
 * Opens (creating if needed: the directory 0700, the file 0600) the core database in WAL mode,
 * owner-only (its -wal and -shm too, repaired if an older version left them readable), and brings its schema
 * up to date. A database written by a newer OpsConductor is refused rather than
 * guessed at; a file that is not one (damaged, or something else) is STORE_CORRUPT
 * naming it, not SQLite's bare code.
 */
export function openDatabase(file: string, options: { migrations?: Migration[] } = {}): Db {
  const onDisk = file !== ":memory:" && file !== "";
  if (onDisk) {
    makePrivateDir(dirname(file));
    createPrivateFile(file);
  }
  let db: Db | undefined;
  try {
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    if (onDisk) restrictToOwner(file, `${file}-wal`, `${file}-shm`);
  } catch (error) {
    db?.close();
    const storeError = storeErrorOf(error);
    throw storeError ? hostError(storeError.code as HostErrorCode, `${file}: ${storeError.message}`, undefined, error) : error;
  }
  // NORMAL in WAL keeps committed transactions across a process kill; only an OS crash may lose the last ones.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // A 64 MiB page cache keeps the fingerprint indexes hot under ingest (the default is 2 MiB).
  db.pragma("cache_size = -65536");
  try {
    migrate(db, options.migrations ?? loadMigrations());
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Applies each pending migration in its own transaction and records it in `schema_migrations`. */
export function migrate(db: Db, migrations: Migration[]): { applied: number[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = (db.prepare("SELECT max(version) AS v FROM schema_migrations").get() as { v: number | null }).v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (current > known) {
    throw hostError("STORE_SCHEMA_TOO_NEW",
      `the database schema is version ${current}, newer than this OpsConductor knows (${known}); upgrade OpsConductor or restore a backup`,
      { current, known });
  }
  const applied: number[] = [];
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        record.run(migration.version, migration.name, new Date().toISOString());
      })();
    } catch (error) {
      throw hostError("STORE_MIGRATION_FAILED",
        `migration ${migration.version}_${migration.name} failed: ${(error as Error).message}`, { version: migration.version }, error);
    }
    applied.push(migration.version);
  }
  return { applied };
}
