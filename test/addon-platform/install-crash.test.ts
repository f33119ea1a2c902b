// A daemon killed part way through an addon install, upgrade or uninstall (a power cut, kill -9)
// starts again in a state it can work from: the previous version and its database back as they
// were, no leftovers in staging, no orphaned files under the addon's id, and the same operation
// succeeding when retried. The operation runs in a child process that crash/kill-at.mjs SIGKILLs
// at a chosen file operation.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, type Harness } from "../../host/src/addons/test-support/harness.ts";
import { PROBE_ID } from "../../host/src/addons/test-support/probe-addon.ts";

const CHILD = fileURLToPath(new URL("./crash/child.ts", import.meta.url));
const KILL_AT = fileURLToPath(new URL("./crash/kill-at.mjs", import.meta.url));
const signer = testSigner(["acme."], "community");
const V1 = { version: "1.0.0", migrations: { "001_notes.sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);" } };
const V2 = { version: "2.0.0", migrations: { ...V1.migrations, "002_extra.sql": "ALTER TABLE notes ADD COLUMN extra TEXT;" } };

interface KillAt { op: "renameSync" | "rmSync"; path: string; when: "before" | "after" }

async function zipFile(dir: string, options: typeof V1): Promise<string> {
  const file = join(dir, `probe-${options.version}.zip`);
  writeFileSync(file, await probePackage(signer, options));
  return file;
}

/** Runs one operation in a child process and asserts it was killed where asked, not finished. */
async function killedDuring(dataDir: string, killAt: KillAt, ...operation: string[]): Promise<void> {
  const child = spawn(process.execPath, ["--import", KILL_AT, CHILD, dataDir, JSON.stringify(signer.entry), ...operation], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OC_KILL_AT_OP: killAt.op, OC_KILL_AT_PATH: killAt.path, OC_KILL_AT_WHEN: killAt.when },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, killed) => resolve(killed)));
  assert.equal(signal, "SIGKILL", `killed at ${killAt.op} ${killAt.path}, but: ${output}`);
}

async function restart(t: TestContext, dataDir: string): Promise<Harness> {
  const h = await createHarness({ dataDir, trust: [signer.entry] });
  t.after(() => h.close());
  return h;
}

function notesColumns(dataDir: string): string[] {
  const db = new Database(join(dataDir, "addons", PROBE_ID, "addon.db"), { readonly: true });
  try {
    return (db.prepare("PRAGMA table_info(notes)").all() as Array<{ name: string }>).map((column) => column.name);
  } finally {
    db.close();
  }
}

function staging(dataDir: string): string[] {
  const dir = join(dataDir, "addons", ".staging");
  return existsSync(dir) ? readdirSync(dir) : [];
}

async function installed(dataDir: string, options: typeof V1): Promise<void> {
  const h = await createHarness({ dataDir, trust: [signer.entry] });
  await h.platform.manager.install(await probePackage(signer, options));
  await h.close();
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "oc-install-crash-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Killed before its files were moved aside (they stay under the addon's id), or while deleting them.
const uninstallKills: KillAt[] = [
  { op: "renameSync", path: `/addons/${PROBE_ID}$`, when: "before" },
  { op: "rmSync", path: `/addons/(${PROBE_ID}|\\.staging/removed-${PROBE_ID}-[0-9a-f]+)$`, when: "before" },
];

for (const killAt of uninstallKills) {
  test(`an uninstall killed after its transaction (at ${killAt.op}) leaves no files behind: the same version installs again, its migrations run afresh`, async (t) => {
    const dataDir = tempDir(t);
    await installed(dataDir, V2);
    await killedDuring(dataDir, killAt, "uninstall", PROBE_ID);
    const h = await restart(t, dataDir);
    assert.throws(() => h.platform.manager.get(PROBE_ID), { code: "ADDON_NOT_FOUND" }, "uninstalled");
    assert.ok(!existsSync(join(dataDir, "addons", PROBE_ID)), "its files are gone");
    assert.deepEqual(staging(dataDir), []);
    const outcome = await h.platform.manager.install(await probePackage(signer, V2));
    assert.equal(outcome.addon.version, "2.0.0");
    assert.deepEqual(notesColumns(dataDir), ["id", "text", "extra"]);
  });
}

test("an upgrade killed after its database was swapped in, before the registry knew, comes back as the old version on its old database; the upgrade then succeeds", async (t) => {
  const dataDir = tempDir(t);
  await installed(dataDir, V1);
  const zip = await zipFile(dataDir, V2);
  await killedDuring(dataDir, { op: "renameSync", path: `/addons/\\.staging/${PROBE_ID}-[0-9a-f]+/addon\\.db$`, when: "after" }, "install", zip);
  assert.deepEqual(notesColumns(dataDir), ["id", "text", "extra"], "killed with the new schema in place");
  const h = await restart(t, dataDir);
  assert.equal(h.platform.manager.get(PROBE_ID)?.version, "1.0.0");
  assert.deepEqual(notesColumns(dataDir), ["id", "text"], "the previous database is back");
  assert.deepEqual(staging(dataDir), []);
  assert.ok(!existsSync(join(dataDir, "addons", PROBE_ID, "2.0.0")), "the new version's files are gone");
  const outcome = await h.platform.manager.install(await probePackage(signer, V2));
  assert.deepEqual([outcome.addon.version, outcome.replaced], ["2.0.0", "1.0.0"]);
  assert.deepEqual(notesColumns(dataDir), ["id", "text", "extra"]);
});

test("a first install killed before its registry row leaves nothing; one killed while staging leaves nothing in staging", async (t) => {
  const dataDir = tempDir(t);
  await installed(dataDir, V1);
  await (await restart(t, dataDir)).platform.manager.uninstall(PROBE_ID);
  const zip = await zipFile(dataDir, V1);
  await killedDuring(dataDir, { op: "renameSync", path: `/addons/\\.staging/${PROBE_ID}-[0-9a-f]+/addon\\.db$`, when: "after" }, "install", zip);
  await killedDuring(dataDir, { op: "renameSync", path: "/addons/\\.staging/", when: "before" }, "install", zip);
  assert.notDeepEqual(staging(dataDir), [], "killed with work in staging");
  const h = await restart(t, dataDir);
  assert.throws(() => h.platform.manager.get(PROBE_ID), { code: "ADDON_NOT_FOUND" });
  assert.ok(!existsSync(join(dataDir, "addons", PROBE_ID)));
  assert.deepEqual(staging(dataDir), []);
  assert.equal((await h.platform.manager.install(await probePackage(signer, V1))).addon.version, "1.0.0");
});
