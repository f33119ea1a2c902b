// The migration child's work (see runAddonMigrations in addon-migrations.ts): what the install
// sends it, what it answers, and the migrations it runs. The install itself never opens the
// addon's database for them: it forks migration-child.ts, which imports this.
import Database from "better-sqlite3";
import type { ErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";

/** What the install sends the migration child process. */
export interface MigrationRequest {
  dbFile: string;
  pending: Array<{ name: string; sql: string }>;
}

export type MigrationAnswer = { ok: true; applied: string[] } | { ok: false; error: ErrorData };

/** Runs `pending` in `dbFile` in one transaction (the child's work; see runAddonMigrations). */
export function applyMigrations({ dbFile, pending }: MigrationRequest): string[] {
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
