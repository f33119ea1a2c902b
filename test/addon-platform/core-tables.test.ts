// The SDK's CORE_TABLES (which addon migrations may never name) must cover every table
// the host's core schema creates; a new core table without an entry would be a hole.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_TABLES, checkMigrationSql } from "@opsconductor/sdk/node";

const MIGRATIONS = "host/src/store/migrations";

test("every table of the host's core migrations is in CORE_TABLES, and refused in addon migrations", () => {
  const created = readdirSync(MIGRATIONS)
    .filter((file) => file.endsWith(".sql"))
    .flatMap((file) => [...readFileSync(join(MIGRATIONS, file), "utf8").matchAll(/CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?["`[]?(\w+)/gi)])
    .map((match) => match[1]!.toLowerCase());
  assert.ok(created.length > 10, "found the core tables");
  for (const table of [...created, "schema_migrations"]) {
    assert.ok((CORE_TABLES as readonly string[]).includes(table), `CORE_TABLES lacks "${table}"`);
    assert.throws(() => checkMigrationSql("migrations/001_x.sql", `INSERT INTO ${table} DEFAULT VALUES;`), { code: "ADDON_MIGRATION_FORBIDDEN" });
  }
});
