import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import Database from "better-sqlite3";
import { OcError } from "@opsconductor/sdk";
import { backupDatabase, backupFileName, listBackups } from "./backup.ts";
import { openDatabase, type Db } from "./database.ts";
import { underUmask022 } from "../util/testing.ts";

const NOW = Date.parse("2026-03-04T02:47:05.123Z");
const SAMPLES = 30_000;

/** A file database in a fresh data directory, with enough rows that the backup takes many steps. */
async function seededStore(t: TestContext): Promise<{ db: Db; dir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), "oc-backup-"));
  const db = openDatabase(join(dataDir, "opsconductor.db"));
  t.after(async () => {
    db.close();
    await chmod(join(dataDir, "backups"), 0o755).catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });
  const insert = db.prepare("INSERT INTO metric_samples (device_id, metric, value, at) VALUES (NULL, ?, ?, ?)");
  db.transaction(() => {
    for (let i = 0; i < SAMPLES; i++) insert.run(`metric-${i % 50}`, i, new Date(NOW - i * 1000).toISOString());
  })();
  return { db, dir: join(dataDir, "backups") };
}

const samples = (db: Database.Database) => db.prepare("SELECT id, metric, value, at FROM metric_samples ORDER BY id").all();
const failsWith = (code: string) => (error: unknown) => OcError.is(error, code);

test("backups are owner-only: the directory 0700 (repaired if need be) and each file 0600, under umask 022", async (t) => {
  const { db } = await seededStore(t);
  const dir = join(underUmask022(t), "backups");
  const { file } = await backupDatabase(db, dir, { keep: 3, now: NOW });
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  await chmod(dir, 0o755);
  const next = await backupDatabase(db, dir, { keep: 3, now: NOW + 1000 });
  assert.equal((await stat(dir)).mode & 0o777, 0o700, "a directory an older version made readable is repaired");
  assert.equal((await stat(next.file)).mode & 0o777, 0o600);
});

test("a backup names the file by UTC time to the millisecond: two in one second are two backups", async (t) => {
  assert.equal(backupFileName(NOW + 42), "opsconductor-20260304T024705.165Z.db");
  const { db } = await seededStore(t);
  const dir = join(underUmask022(t), "backups");
  const first = await backupDatabase(db, dir, { keep: 3, now: NOW });
  const second = await backupDatabase(db, dir, { keep: 3, now: NOW + 400 });
  assert.notEqual(second.file, first.file);
  assert.equal(second.deleted, 0);
  assert.deepEqual(await listBackups(dir), ["opsconductor-20260304T024705.123Z.db", "opsconductor-20260304T024705.523Z.db"]);
});

test("backups named to the second by an older version are listed and pruned with the new ones, in time order", async (t) => {
  const { db } = await seededStore(t);
  const dir = join(underUmask022(t), "backups");
  await backupDatabase(db, dir, { keep: 3, now: NOW });
  const old = ["opsconductor-20260302T024700Z.db", "opsconductor-20260303T024700Z.db"];
  for (const name of old) await writeFile(join(dir, name), "");
  const result = await backupDatabase(db, dir, { keep: 2, now: NOW + 86_400_000 });
  assert.equal(result.deleted, 2);
  assert.deepEqual(await listBackups(dir), ["opsconductor-20260304T024705.123Z.db", "opsconductor-20260305T024705.123Z.db"]);
});

test("a backup opens with the same rows, passes integrity_check, and includes the writes made while it copied", async (t) => {
  const { db, dir } = await seededStore(t);
  let done = false;
  let writesDuring = 0;
  // Ingest goes on during the backup: a write every turn of the event loop until it finishes.
  const ingest = () => {
    if (done) return;
    db.prepare("INSERT INTO metric_samples (device_id, metric, value, at) VALUES (NULL, 'during', ?, ?)").run(writesDuring++, new Date(NOW).toISOString());
    setImmediate(ingest);
  };
  setImmediate(ingest);
  const result = await backupDatabase(db, dir, { keep: 7, now: NOW }).finally(() => (done = true));

  assert.deepEqual(result, { file: join(dir, "opsconductor-20260304T024705.123Z.db"), bytes: result.bytes, deleted: 0 });
  assert.ok(writesDuring > 0, "the backup yielded to the event loop between steps");
  assert.deepEqual(await readdir(dir), ["opsconductor-20260304T024705.123Z.db"], "one self-contained file");
  const copy = new Database(result.file, { readonly: true });
  t.after(() => copy.close());
  assert.equal(copy.pragma("integrity_check", { simple: true }), "ok");
  assert.equal(result.bytes, copy.pragma("page_count", { simple: true }) as number * (copy.pragma("page_size", { simple: true }) as number));
  // The copy is the database as it was when the last page was copied: every seeded row, the writes
  // made up to then, none made after (while the file was renamed).
  const copied = samples(copy);
  assert.ok(copied.length > SAMPLES, "writes made during the copy are in it");
  assert.deepEqual(copied, samples(db).slice(0, copied.length));
});

test("only the newest `keep` backups stay; other files are left alone and a stale partial is cleared", async (t) => {
  const { db, dir } = await seededStore(t);
  await mkdir(dir);
  const older = [1, 2, 3, 4, 5].map((day) => backupFileName(Date.parse(`2026-03-0${day}T02:47:00Z`) - 86_400_000));
  for (const name of older) await writeFile(join(dir, name), "old");
  await writeFile(join(dir, "notes.txt"), "mine");
  await writeFile(join(dir, "opsconductor-20260303T024700Z.db.partial"), "a crash left this");

  const result = await backupDatabase(db, dir, { keep: 3, now: NOW });
  assert.equal(result.deleted, 3);
  assert.deepEqual(await listBackups(dir), [older[3], older[4], "opsconductor-20260304T024705.123Z.db"]);
  assert.deepEqual((await readdir(dir)).sort(), [older[3], older[4], "notes.txt", "opsconductor-20260304T024705.123Z.db"].sort());

  const again = await backupDatabase(db, dir, { keep: 1, now: NOW + 86_400_000 });
  assert.equal(again.deleted, 3);
  assert.deepEqual(await listBackups(dir), ["opsconductor-20260305T024705.123Z.db"]);
  await assert.rejects(backupDatabase(db, dir, { keep: 0, now: NOW }), failsWith("VALIDATION_FAILED"));
});

test("the backup just written stays even when a clock set back makes its name the oldest", async (t) => {
  const { db, dir } = await seededStore(t);
  await mkdir(dir);
  const future = [1, 2].map((day) => backupFileName(Date.parse(`2030-01-0${day}T02:47:00Z`)));
  for (const name of future) await writeFile(join(dir, name), "from a clock running ahead");
  const result = await backupDatabase(db, dir, { keep: 2, now: NOW });
  assert.ok(existsSync(result.file), "the new backup exists");
  assert.equal(result.deleted, 1);
  assert.deepEqual(await listBackups(dir), [backupFileName(NOW), future[1]]);
});

test("a backups path that cannot be a directory fails with STORE_BACKUP_FAILED", async (t) => {
  const { db, dir } = await seededStore(t);
  await writeFile(dir, "not a directory");
  await assert.rejects(backupDatabase(db, dir, { keep: 7, now: NOW }), failsWith("STORE_BACKUP_FAILED"));
});

test("a backup that fails after writing leaves no partial file behind", async (t) => {
  const { db, dir } = await seededStore(t);
  // The final name is taken by a directory: the copy completes, the rename fails.
  await mkdir(join(dir, backupFileName(NOW)), { recursive: true });
  await assert.rejects(backupDatabase(db, dir, { keep: 7, now: NOW }), (error) => {
    assert.ok(OcError.is(error, "STORE_BACKUP_FAILED"));
    assert.match((error as Error).message, /opsconductor-20260304T024705\.123Z\.db failed/);
    return true;
  });
  assert.deepEqual(await readdir(dir), [backupFileName(NOW)]);
});

test("an unwritable backups directory fails with STORE_BACKUP_FAILED and leaves no file", async (t) => {
  const { db, dir } = await seededStore(t);
  await mkdir(dir);
  await chmod(dir, 0o555);
  // Root writes through directory permissions; sysfs refuses a new directory to everyone (EPERM).
  const target = process.getuid?.() === 0 ? "/sys/opsconductor-backups" : dir;
  await assert.rejects(backupDatabase(db, target, { keep: 7, now: NOW }), failsWith("STORE_BACKUP_FAILED"));
  assert.deepEqual(await readdir(dir), []);
  assert.equal(existsSync(target) && target !== dir, false, "nothing was created");
});

test("an abort stops the copy between steps, rejects with the signal's reason and removes the partial file", async (t) => {
  const { db, dir } = await seededStore(t);
  // ~16 MB more: a full copy takes some 40 steps, one per turn of the event loop.
  db.exec(`CREATE TABLE filler (b BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) INSERT INTO filler SELECT randomblob(4000) FROM n`);
  const partial = join(dir, `${backupFileName(NOW)}.partial`);
  const controller = new AbortController();
  const reason = new OcError("JOB_TIMEOUT", "too slow");
  let turnsUntilGone: number | undefined;
  let turnsAfterAbort = 0;
  let finished = false;
  // Aborts as soon as the temporary file appears, then counts turns until it is gone.
  const watch = () => {
    if (!controller.signal.aborted) {
      if (existsSync(partial)) controller.abort(reason);
      else if (finished) return;
    } else if (existsSync(partial)) turnsAfterAbort++;
    else return void (turnsUntilGone = turnsAfterAbort);
    setImmediate(watch);
  };
  setImmediate(watch);
  const backup = backupDatabase(db, dir, { keep: 7, now: NOW, signal: controller.signal }).finally(() => (finished = true));
  await assert.rejects(backup, (error) => error === reason);
  while (turnsUntilGone === undefined) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(controller.signal.aborted, "the copy is written under a temporary name");
  assert.ok(turnsUntilGone < 15, `stopped within a step of the abort, not after the whole copy (${turnsUntilGone} turns)`);
  assert.deepEqual(await readdir(dir), []);
});

const MiB = 1024 * 1024;

/** Details of the STORE_BACKUP_NO_SPACE a backup with `freeBytes` free is refused with (fails the test if it is not refused). */
async function refusal(db: Db, dir: string, freeBytes: number) {
  let details: Record<string, unknown> | undefined;
  await assert.rejects(backupDatabase(db, dir, { keep: 1, now: NOW, freeBytes: async () => freeBytes }), (error) => {
    assert.ok(OcError.is(error, "STORE_BACKUP_NO_SPACE"), String(error));
    details = (error as OcError).details as Record<string, unknown>;
    return true;
  });
  return details as { neededBytes: number; freeBytes: number; estimateBytes: number; marginBytes: number };
}

test("a backup is refused with STORE_BACKUP_NO_SPACE when the disk lacks room for it and the margin; no backup is written or deleted", async (t) => {
  const { db, dir } = await seededStore(t);
  await mkdir(dir);
  // With keep 1 a backup that went ahead would delete both.
  const older = [backupFileName(NOW - 2 * 86_400_000), backupFileName(NOW - 86_400_000)];
  for (const name of older) await writeFile(join(dir, name), "an older good backup");
  await writeFile(join(dir, `${backupFileName(NOW - 3 * 86_400_000)}.partial`), "a crash left this");
  const probed: string[] = [];
  const freeBytes = async (path: string) => (probed.push(path), 10 * MiB);

  await assert.rejects(backupDatabase(db, dir, { keep: 1, now: NOW, freeBytes }), (error) => {
    assert.ok(OcError.is(error, "STORE_BACKUP_NO_SPACE"), String(error));
    assert.match((error as Error).message, /needs \d+\.\d MiB .* only 10\.0 MiB is free/);
    return true;
  });
  assert.deepEqual(probed, [dir], "the filesystem holding the backups is the one probed");
  assert.deepEqual(await readdir(dir).then((names) => names.sort()), older, "no new file, the stale partial cleared, the older backups kept");

  // The estimate covers the live database file and its WAL; the margin is at least 64 MiB.
  const onDisk = (await stat(db.name)).size + (await stat(`${db.name}-wal`).then((wal) => wal.size, () => 0));
  const details = await refusal(db, dir, 10 * MiB);
  assert.ok(details.estimateBytes >= onDisk, `estimate ${details.estimateBytes} covers ${onDisk} bytes on disk`);
  assert.equal(details.marginBytes, 64 * MiB);
  assert.equal(details.neededBytes, details.estimateBytes + details.marginBytes);
  assert.equal(details.freeBytes, 10 * MiB);
});

test("a backup goes ahead once the disk has room for it and the margin, the limit the refusal named", async (t) => {
  const { db, dir } = await seededStore(t);
  await mkdir(dir);
  const older = backupFileName(NOW - 86_400_000);
  await writeFile(join(dir, older), "an older good backup");
  const { neededBytes } = await refusal(db, dir, 0);
  await refusal(db, dir, neededBytes - 1);
  assert.deepEqual(await listBackups(dir), [older]);

  const result = await backupDatabase(db, dir, { keep: 1, now: NOW, freeBytes: async () => neededBytes });
  assert.deepEqual(result, { file: join(dir, backupFileName(NOW)), bytes: result.bytes, deleted: 1 });
  assert.deepEqual(await listBackups(dir), [backupFileName(NOW)]);
  assert.ok(result.bytes <= neededBytes - 64 * MiB, "the estimate was not below the backup's real size");
});

test("a free-space probe that fails fails the backup with STORE_BACKUP_FAILED before anything is written", async (t) => {
  const { db, dir } = await seededStore(t);
  const freeBytes = async () => {
    throw Object.assign(new Error("statfs: not supported"), { code: "ENOSYS" });
  };
  await assert.rejects(backupDatabase(db, dir, { keep: 7, now: NOW, freeBytes }), (error) => {
    assert.ok(OcError.is(error, "STORE_BACKUP_FAILED"), String(error));
    assert.match((error as Error).message, /statfs: not supported/);
    return true;
  });
  assert.deepEqual(await readdir(dir), []);
});
