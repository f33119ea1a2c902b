import { test } from "node:test";
import assert from "node:assert/strict";
import { checkMigrationSql, checkMigrations } from "./migration-check.ts";
import { splitStatements, tokenizeSql } from "./sql-tokens.ts";
import { OcError } from "../errors/oc-error.ts";

const forbidden = (sql: string, fragment: string) => assert.throws(
  () => checkMigrationSql("migrations/002_x.sql", sql),
  (e) => OcError.is(e, "ADDON_MIGRATION_FORBIDDEN") && e.message.includes(fragment) && e.message.startsWith("migrations/002_x.sql"),
  sql,
);

test("the addon's own tables: create, alter, insert, update, delete, drop, indexes, views and triggers pass", () => {
  checkMigrationSql("migrations/001_init.sql", `
    -- UPS history, kept by the addon
    CREATE TABLE IF NOT EXISTS ups_history (id INTEGER PRIMARY KEY, at TEXT NOT NULL, charge REAL, temp REAL, note TEXT DEFAULT 'alerts; users');
    CREATE INDEX ups_history_at ON ups_history(at);
    ALTER TABLE ups_history ADD COLUMN runtime_s INTEGER;
    INSERT INTO ups_history (at, charge) VALUES ('2026-01-01', 100), ('main.alerts', 0.5);
    UPDATE ups_history SET charge = ups_history.charge / 100 WHERE charge > 1;
    DELETE FROM ups_history WHERE at < '2020';
    CREATE VIEW ups_latest AS SELECT h.at, h.charge FROM ups_history AS h JOIN ups_history g ON g.id = h.id;
    CREATE TRIGGER ups_history_clamp AFTER INSERT ON ups_history BEGIN
      UPDATE ups_history SET charge = CASE WHEN NEW.charge > 100 THEN 100 ELSE NEW.charge END WHERE id = NEW.id;
    END;
    /* retire the old table */ DROP TABLE IF EXISTS ups_old;
    REPLACE INTO ups_history (id, at) VALUES (1, 'x');
  `);
});

test("core tables are refused wherever they are named, quoted or not", () => {
  forbidden("DELETE FROM alerts;", "core table \"alerts\"");
  forbidden("INSERT INTO \"Users\" (username) VALUES ('x');", "core table \"users\"");
  forbidden("CREATE TABLE mine (x INTEGER REFERENCES [sessions](id));", "core table \"sessions\"");
  forbidden("CREATE TRIGGER t AFTER INSERT ON mine BEGIN DELETE FROM installed_addons; END;", "installed_addons");
  forbidden("UPDATE `connectors` SET name = 'x';", "connectors");
  forbidden("CREATE TABLE ok (a INT); DROP TABLE audit_log;", "statement 2");
});

test("other schemas, internal tables and dangerous statements are refused", () => {
  forbidden("CREATE TABLE main.mine (x);", "\"main.\" schema");
  forbidden("INSERT INTO temp.mine VALUES (1);", "\"temp.\" schema");
  forbidden("CREATE TABLE other.mine (x);", "schema qualifier \"other.\"");
  forbidden("CREATE TEMP TABLE shadow (x);", "TEMP objects");
  forbidden("CREATE TEMPORARY TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;", "TEMP objects");
  forbidden("ATTACH DATABASE '/etc/passwd' AS p;", "ATTACH");
  forbidden("DETACH DATABASE addon;", "DETACH");
  forbidden("PRAGMA writable_schema = 1;", "PRAGMA");
  forbidden("UPDATE sqlite_master SET sql = 'x';", "sqlite_master");
  forbidden("BEGIN; CREATE TABLE a (x); COMMIT;", "BEGIN statements are not allowed");
  forbidden("SELECT load_extension('evil');", "SELECT statements are not allowed");
  forbidden("INSERT INTO mine SELECT load_extension('evil');", "load_extension");
  forbidden("VACUUM;", "VACUUM");
});

test("statements split at semicolons outside strings, comments and trigger bodies", () => {
  const statements = splitStatements(tokenizeSql(
    "CREATE TABLE a (x TEXT DEFAULT ';'); -- ; comment\nCREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM a; END; INSERT INTO a VALUES ('it''s');",
  ));
  assert.deepEqual(statements.map((s) => s.tokens[0]!.value), ["create", "create", "insert"]);
  assert.equal(statements[2]!.line, 2);
  assert.equal(statements[2]!.tokens.find((t) => t.kind === "string")!.value, "it's");
});

test("checkMigrations checks file names and each file's SQL", () => {
  const ok = new Map([["migrations/001_init.sql", Buffer.from("CREATE TABLE a (x);")], ["manifest.json", Buffer.from("{}")]]);
  checkMigrations(ok);
  assert.throws(() => checkMigrations(new Map([["migrations/init.sql", Buffer.from("")]])), (e) => OcError.is(e, "ADDON_MIGRATION_FORBIDDEN"));
  assert.throws(() => checkMigrations(new Map([["migrations/002_x.sql", Buffer.from("DROP TABLE users;")]])),
    (e) => OcError.is(e, "ADDON_MIGRATION_FORBIDDEN") && e.message.includes("migrations/002_x.sql"));
});
