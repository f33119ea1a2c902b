import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { startCheckpointer } from "./checkpointer.ts";
import { openDatabase } from "./database.ts";

function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), "oc-checkpointer-"));
  const file = join(dir, "store.db");
  return { dir, file, db: openDatabase(file) };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(20);
  }
}

test("the thread copies committed WAL frames into the database file while the main connection never checkpoints", async (t) => {
  const { dir, file, db } = tempDb();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const checkpointer = startCheckpointer(db, { intervalMs: 20 });
  db.exec("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)");
  const before = statSync(file).size;
  // ~4 MiB: well under the 64 MiB backstop, so only the thread can have moved it into the file.
  const insert = db.prepare("INSERT INTO blobs (data) VALUES (randomblob(4096))");
  db.transaction(() => { for (let i = 0; i < 1_000; i++) insert.run(); })();
  assert.ok(statSync(file).size - before < 1_000_000, "the commit itself did not checkpoint");
  await until(() => statSync(file).size - before > 4_000_000);
  await checkpointer.close();
  assert.equal((db.prepare("SELECT count(*) AS n FROM blobs").get() as { n: number }).n, 1_000);
  db.close();
  assert.equal(existsSync(`${file}-wal`), false, "the last connection to close checkpoints and removes the WAL");
});

test("close is idempotent and leaves the store usable until it is closed", async (t) => {
  const { dir, db } = tempDb();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const checkpointer = startCheckpointer(db);
  await Promise.all([checkpointer.close(), checkpointer.close()]);
  await checkpointer.close();
  db.exec("CREATE TABLE after_close (id INTEGER PRIMARY KEY)");
  assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  db.close();
});

test("an in-memory store has no WAL and gets no thread", async () => {
  const db = openDatabase(":memory:");
  const checkpointer = startCheckpointer(db);
  await checkpointer.close();
  assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 1000);
  db.close();
});

test("when the thread fails, the failure is logged and the main connection checkpoints on commit again", async (t) => {
  const { dir, file, db } = tempDb();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A real failure: the store's file is gone by the time the thread opens it (the main
  // connection keeps its open handle and goes on working).
  unlinkSync(file);
  const lines: string[] = [];
  const checkpointer = startCheckpointer(db, { log: (line) => lines.push(line) });
  assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 16_384, "the backstop while the thread runs");
  await until(() => lines.length > 0);
  assert.match(lines[0]!, /the WAL checkpointer stopped .*checkpoints on commit instead/);
  assert.equal(db.pragma("wal_autocheckpoint", { simple: true }), 1_000, "SQLite's default: commits checkpoint again");
  db.exec("CREATE TABLE after_failure (id INTEGER PRIMARY KEY)");
  db.prepare("INSERT INTO after_failure DEFAULT VALUES").run();
  assert.equal((db.prepare("SELECT count(*) AS n FROM after_failure").get() as { n: number }).n, 1);
  await checkpointer.close();
  db.close();
});
