// The migration child that fails or hangs before it answers: what it wrote to stderr is what tells
// the admin why, so the error keeps its end. The child is made to fail by a module NODE_OPTIONS
// preloads into it (the fork passes the environment on), ahead of the child's own code.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OcError } from "@opsconductor/sdk";
import { runAddonMigrations } from "./addon-migrations.ts";

const MIGRATIONS = new Map([["migrations/001_notes.sql", new TextEncoder().encode("CREATE TABLE notes (id INTEGER PRIMARY KEY);")]]);
// More than the 2 KB kept, so the test sees that the end is what stays.
const NOISE = "x".repeat(5_000);

/** A database file in a fresh directory, and the child's NODE_OPTIONS preloading `code`, both undone after the test. */
function setup(t: TestContext, code: string): string {
  const dir = mkdtempSync(join(tmpdir(), "oc-migrations-"));
  const before = process.env.NODE_OPTIONS;
  process.env.NODE_OPTIONS = `${before ?? ""} --import=data:text/javascript,${encodeURIComponent(code)}`.trim();
  t.after(() => {
    if (before === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = before;
    rmSync(dir, { recursive: true, force: true });
  });
  return join(dir, "addon.db");
}

function stderrOf(error: unknown): string {
  assert.ok(error instanceof OcError, String(error));
  const stderr = error.details?.stderr;
  assert.equal(typeof stderr, "string", JSON.stringify(error.details));
  return stderr as string;
}

test("a migration child that ends before it answers: the error's details carry the last 2 KB of its stderr", async (t) => {
  const dbFile = setup(t, `process.stderr.write(${JSON.stringify(NOISE)} + "\\nmigration child: cannot load better-sqlite3\\n"); process.exit(3);`);
  await assert.rejects(runAddonMigrations(dbFile, MIGRATIONS, new Set()), (error: unknown) => {
    assert.ok(OcError.is(error, "ADDON_MIGRATION_FAILED"), String(error));
    assert.match(error.message, /ended \(exit code 3\) before it answered/);
    const stderr = stderrOf(error);
    assert.ok(stderr.endsWith("\nmigration child: cannot load better-sqlite3"), stderr.slice(-100));
    assert.ok(stderr.length <= 2048, `kept ${stderr.length} characters`);
    return true;
  });
});

test("a migration child stopped at the time limit: the error's details carry what it wrote to stderr", async (t) => {
  const dbFile = setup(t, `process.stderr.write("migration child: stuck\\n"); for (;;);`);
  await assert.rejects(runAddonMigrations(dbFile, MIGRATIONS, new Set(), 1_500), (error: unknown) => {
    assert.ok(OcError.is(error, "ADDON_MIGRATION_TIMEOUT"), String(error));
    assert.deepEqual(error.details, { timeoutMs: 1_500, stderr: "migration child: stuck" });
    return true;
  });
});

test("a migration child that answers: the migrations are applied (the preload writes to stderr and goes on)", async (t) => {
  const dbFile = setup(t, `process.stderr.write("migration child: starting\\n");`);
  assert.deepEqual(await runAddonMigrations(dbFile, MIGRATIONS, new Set()), ["001_notes.sql"]);
});
