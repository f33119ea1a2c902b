import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OcError } from "@opsconductor/sdk";
import { loadMigrations, migrate, openDatabase } from "./database.ts";
import { underUmask022 } from "../util/testing.ts";

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "oc-store-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("a new database is in WAL mode with every core table", (t) => {
  const db = openDatabase(join(tempDir(t), "oc.db"));
  t.after(() => db.close());
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
  for (const name of [
    "alerts", "alert_events", "connectors", "devices", "severity_mappings", "category_mappings", "priority_rules",
    "alert_type_templates", "deduplication_rules", "polling_configs", "metric_samples", "scheduler_jobs", "job_runs",
    "users", "sessions", "api_tokens", "installed_addons", "addon_migrations", "audit_log", "schema_migrations",
  ]) assert.ok(tables.has(name), `missing table ${name}`);
});

test("a new data directory is 0700 and the database, its WAL and shared-memory files 0600, under umask 022", (t) => {
  const data = join(underUmask022(t), "data");
  const file = join(data, "opsconductor.db");
  const db = openDatabase(file);
  t.after(() => db.close());
  db.prepare("INSERT INTO audit_log (at, actor, action, details_json) VALUES ('2026-03-01T00:00:00Z', 'test', 'write', '{}')").run();
  const modeOf = (path: string) => statSync(path).mode & 0o777;
  assert.equal(modeOf(data), 0o700);
  for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(modeOf(path), 0o600, path);
});

test("a database an older version left readable by others is made owner-only when opened", (t) => {
  const file = join(underUmask022(t), "opsconductor.db");
  const first = openDatabase(file);
  first.close();
  chmodSync(file, 0o644);
  const db = openDatabase(file);
  t.after(() => db.close());
  for (const path of [file, `${file}-wal`, `${file}-shm`]) assert.equal(statSync(path).mode & 0o777, 0o600, path);
});

test("migrations are recorded and not applied twice", (t) => {
  const file = join(tempDir(t), "oc.db");
  openDatabase(file).close();
  const db = openDatabase(file);
  t.after(() => db.close());
  const rows = db.prepare("SELECT version FROM schema_migrations ORDER BY version").all() as { version: number }[];
  assert.deepEqual(rows.map((r) => r.version), loadMigrations().map((m) => m.version));
  assert.deepEqual(migrate(db, loadMigrations()).applied, []);
});

test("a schema newer than this build refuses to start with STORE_SCHEMA_TOO_NEW", (t) => {
  const file = join(tempDir(t), "oc.db");
  const db = openDatabase(file);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
  db.close();
  assert.throws(() => openDatabase(file), (error: unknown) => OcError.is(error, "STORE_SCHEMA_TOO_NEW"));
});

test("a file that is not a database (damaged, or something else) is STORE_CORRUPT naming it and the backups, not a bare SQLite code", (t) => {
  const file = join(tempDir(t), "oc.db");
  writeFileSync(file, randomBytes(100_000));
  assert.throws(() => openDatabase(file), (error: unknown) => {
    assert.ok(OcError.is(error, "STORE_CORRUPT"), String(error));
    assert.ok(error.message.startsWith(`${file}: the database file is damaged or not a database (SQLITE_NOTADB)`), error.message);
    assert.match(error.message, /backups\//);
    return true;
  });
});

test("a failing migration rolls back and reports STORE_MIGRATION_FAILED", () => {
  const db = openDatabase(":memory:", { migrations: [] });
  const broken = [{ version: 1, name: "broken", sql: "CREATE TABLE a (x); CREATE TABLE a (y);" }];
  assert.throws(() => migrate(db, broken), (error: unknown) => OcError.is(error, "STORE_MIGRATION_FAILED"));
  assert.equal((db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get() as { n: number }).n, 0);
  assert.equal((db.prepare("SELECT count(*) AS n FROM schema_migrations").get() as { n: number }).n, 0);
  db.close();
});
