import Database from "better-sqlite3";
import { hostError } from "../errors.ts";

const MIGRATION_PATH = /^migrations\/(\d{3}_[A-Za-z0-9_-]+\.sql)$/;

/** The package's migrations by name (`001_init.sql`), in the order they run. */
export function packageMigrations(files: ReadonlyMap<string, Uint8Array>): Array<{ name: string; sql: string }> {
  const migrations: Array<{ name: string; sql: string }> = [];
  for (const [path, bytes] of files) {
    const name = MIGRATION_PATH.exec(path)?.[1];
    if (name) migrations.push({ name, sql: Buffer.from(bytes).toString("utf8") });
  }
  return migrations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Runs the migrations not yet applied in the addon's own database file, all in ONE
 * transaction: either every pending migration is applied or none is (a failure rolls
 * back and throws ADDON_MIGRATION_FAILED naming the file). The verifier already refused
 * any statement that could reach outside this file (ATTACH, PRAGMA, core table names).
 * Returns the names it applied.
 */
export function runAddonMigrations(dbFile: string, files: ReadonlyMap<string, Uint8Array>, applied: ReadonlySet<string>): string[] {
  const pending = packageMigrations(files).filter((migration) => !applied.has(migration.name));
  if (pending.length === 0) return [];
  const db = new Database(dbFile);
  try {
    let current = "";
    try {
      db.transaction(() => {
        for (const migration of pending) {
          current = migration.name;
          db.exec(migration.sql);
        }
      })();
    } catch (error) {
      throw hostError("ADDON_MIGRATION_FAILED", `migrations/${current} failed: ${(error as Error).message}`, { migration: current });
    }
    return pending.map((migration) => migration.name);
  } finally {
    db.close();
  }
}
