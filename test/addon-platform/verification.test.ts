// What the platform refuses, and that a refusal leaves nothing behind: the hostile-package corpus
// (hostile-corpus.ts) over the API, a downgrade with and without force, a failing migration, and
// an installed addon modified on disk (refused at the next start).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync, type Dirent } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { probePackage, testSigner, type TestSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";
import { hostileCorpus } from "./hostile-corpus.ts";

const signer = testSigner(["acme."], "community");
const SEED_TABLES = ["severity_mappings", "category_mappings", "alert_type_templates", "deduplication_rules", "priority_rules"];
const HISTORY = { "001_history.sql": "CREATE TABLE history (at TEXT);" };

/** Every file and folder under data/addons (an empty .staging aside), each with its hash. */
function addonFiles(h: Harness): string[] {
  const root = join(h.dataDir, "addons");
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[])
    .map((entry) => {
      const path = relative(root, join(entry.parentPath, entry.name));
      // The addon's database is compared by its tables and rows, below (SQLite may rewrite its header).
      if (!entry.isFile() || path.endsWith(".db") || path.includes(".db-")) return `${path}${entry.isDirectory() ? "/" : ""}`;
      return `${path} ${createHash("sha256").update(readFileSync(join(root, path))).digest("hex").slice(0, 16)}`;
    })
    .filter((path) => path !== ".staging/")
    .sort();
}

/** What an addon's own database (data/addons/<id>/addon.db) holds: its tables and their rows. */
function addonDatabases(h: Harness): Record<string, unknown> {
  const root = join(h.dataDir, "addons");
  const databases: Record<string, unknown> = {};
  for (const id of existsSync(root) ? readdirSync(root) : []) {
    const file = join(root, id, "addon.db");
    if (!existsSync(file)) continue;
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
      databases[id] = Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
    } finally {
      db.close();
    }
  }
  return databases;
}

/** Everything an install can leave behind, on disk and in the database. */
interface InstallState {
  files: string[];
  addonDatabases: Record<string, unknown>;
  installed_addons: unknown[];
  addon_migrations: unknown[];
  mappings: Record<string, unknown[]>;
  jobs: unknown[];
  connectors: unknown[];
}

function installState(h: Harness): InstallState {
  const rows = (sql: string) => h.db.prepare(sql).all();
  return {
    files: addonFiles(h),
    addonDatabases: addonDatabases(h),
    installed_addons: rows("SELECT * FROM installed_addons ORDER BY id"),
    addon_migrations: rows("SELECT * FROM addon_migrations ORDER BY addon_id, name"),
    // The core's own defaults are the '*' rows; an addon's seed is keyed by its id.
    mappings: Object.fromEntries(SEED_TABLES.map((table) => [table, rows(`SELECT * FROM ${table} WHERE connector_type <> '*' ORDER BY id`)])),
    jobs: rows("SELECT key, kind, owner, interval_s, cron, enabled, payload_json FROM scheduler_jobs WHERE owner <> 'core' ORDER BY key"),
    connectors: rows("SELECT id, addon_id FROM connectors ORDER BY id"),
  };
}

const NOTHING: InstallState = {
  files: [], addonDatabases: {}, installed_addons: [], addon_migrations: [],
  mappings: Object.fromEntries(SEED_TABLES.map((table) => [table, []])), jobs: [], connectors: [],
};

/** Nothing of any addon anywhere: no files (staging included), no database, no registry, migration, mapping or job rows. */
function assertNothingLeft(h: Harness, what = "the refusal"): void {
  assert.deepEqual(installState(h), NOTHING, `${what} left something behind`);
}

test("the whole hostile corpus over the API: each package gets its status and stable ADDON_* code, and leaves nothing", async (t) => {
  const key = (s: TestSigner) => readFileSync(s.keyFile, "utf8");
  const stranger = testSigner(["acme."]);
  const otherPrefix = testSigner(["other."]);
  const revoked = testSigner(["acme."]);
  const base = { zip: await probePackage(signer, { migrations: HISTORY }), privateKeyPem: key(signer) };
  const corpus = hostileCorpus(base, { stranger: key(stranger), otherPrefix: key(otherPrefix), revoked: key(revoked) }, "acme.probe");
  // The list, each at least once (the names are the corpus's own).
  for (const required of ["zip-slip", "symlink", "absolute path", "duplicate entry", "zip bomb", "tampered file", "extra file", "missing file",
    "missing signature", "wrong key", "key not allowed for the prefix", "revoked key", "downgrade", "manifest invalid", "manifest id ≠ signed id",
    "migration that touches a core table"]) {
    assert.ok(corpus.some((entry) => entry.name.startsWith(required)), `the corpus has no ${required}`);
  }

  const trust = [signer.entry, otherPrefix.entry, revoked.entry];
  const h = await createHarness({ trust });
  t.after(() => h.close());
  h.platform.trust.revoke(revoked.entry.keyId);
  assertNothingLeft(h, "the start");
  for (const entry of corpus) {
    // A downgrade needs the newer version installed: its own daemon, whose state must not move.
    const target = entry.installedFirst ? await createHarness({ trust }) : h;
    try {
      if (entry.installedFirst) {
        const first = await request(target, "POST", "/addons/install", { body: entry.installedFirst });
        assert.equal(first.status, 201, `${entry.name}: ${JSON.stringify(first.body)}`);
      }
      const before = installState(target);
      const answer = await request(target, "POST", "/addons/install", { body: entry.zip });
      assert.equal(answer.status, entry.status, `${entry.name}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, entry.code, `${entry.name}: ${answer.body.error.message}`);
      if (entry.message) assert.match(answer.body.error.message, entry.message, entry.name);
      assert.deepEqual(installState(target), before, `${entry.name} left something behind`);
      if (!entry.installedFirst) assertNothingLeft(target, entry.name);
      assert.ok(!existsSync(join(tmpdir(), "oc-escape-api.txt")) && !existsSync(join(target.dataDir, "..", "oc-escape-api.txt")), `${entry.name} escaped`);
    } finally {
      if (target !== h) await target.close();
    }
  }
  const multipartless = await request(h, "POST", "/addons/install", { body: { zip: "base64?" } });
  assert.equal(multipartless.status, 415);
  assert.deepEqual((await request(h, "GET", "/addons", { as: "viewer" })).body.items, []);

  // The control: the untouched package installs, and the check above sees every trace it leaves.
  assert.equal((await request(h, "POST", "/addons/install", { body: base.zip })).status, 201);
  const installed = installState(h);
  assert.ok(installed.files.some((path) => path.startsWith("acme.probe/1.0.0/backend/index.js ")), "files");
  assert.ok(installed.files.includes("acme.probe/addon.db"), "the addon's database");
  assert.deepEqual(installed.addonDatabases, { "acme.probe": { history: [] } });
  assert.equal(installed.installed_addons.length, 1);
  assert.equal(installed.addon_migrations.length, 1);
  assert.equal(installed.mappings.severity_mappings!.length, 2);
  assert.deepEqual((installed.jobs as Array<{ owner: string }>).map((job) => job.owner), ["addon:acme.probe"]);
  assert.throws(() => assertNothingLeft(h), /left something behind/);
});

test("a downgrade is refused with ADDON_DOWNGRADE, leaving the newer version as it was; ?force=1 installs it", async (t) => {
  const h = await createHarness({ trust: [signer.entry] });
  t.after(() => h.close());
  const v1 = await probePackage(signer, { migrations: HISTORY });
  const v2 = await probePackage(signer, { version: "2.0.0", flavour: "v2", migrations: { ...HISTORY, "002_more.sql": "ALTER TABLE history ADD COLUMN what TEXT;" } });
  assert.equal((await request(h, "POST", "/addons/install", { body: v2 })).status, 201);
  const before = installState(h);

  for (const query of ["", "?force=0", "?force=false"]) {
    const refused = await request(h, "POST", `/addons/install${query}`, { body: v1 });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "ADDON_DOWNGRADE");
    assert.match(refused.body.error.message, /2\.0\.0/);
    assert.deepEqual(installState(h), before, `an unforced downgrade (${query || "no flag"}) changed something`);
  }
  assert.equal((await request(h, "POST", "/addons/install?force=maybe", { body: v1 })).status, 400, "an unknown flag value is refused");

  const forced = await request(h, "POST", "/addons/install?force=1", { body: v1 });
  assert.equal(forced.status, 200, JSON.stringify(forced.body));
  assert.equal(forced.body.replaced, "2.0.0");
  assert.equal(forced.body.addon.version, "1.0.0");
  assert.equal(forced.body.addon.status, "active");
  const listed = (await request(h, "GET", "/addons/acme.probe", { as: "viewer" })).body;
  assert.deepEqual([listed.version, listed.status], ["1.0.0", "active"]);
  assert.ok(existsSync(join(h.dataDir, "addons/acme.probe/1.0.0/backend/index.js")));
  assert.deepEqual(readdirSync(join(h.dataDir, "addons/.staging")), [], "staging is empty after the forced install");
});

test("a multipart upload (`file` field) installs like a raw body", async (t) => {
  const h = await createHarness({ trust: [signer.entry] });
  t.after(() => h.close());
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(await probePackage(signer))]), "acme.probe-1.0.0.zip");
  const response = await h.api.app.request("http://localhost/api/v1/addons/install", {
    method: "POST", body: form, headers: { authorization: `Bearer ${h.tokens.admin}` },
  }, { incoming: { socket: { remoteAddress: "127.0.0.1" } } } as never);
  assert.equal(response.status, 201, await response.clone().text());
  assert.equal(((await response.json()) as { addon: { id: string } }).addon.id, "acme.probe");
});

test("a failing migration aborts the install and leaves nothing, on disk or in the database", async (t) => {
  const h = await createHarness({ trust: [signer.entry] });
  t.after(() => h.close());
  const zip = await probePackage(signer, { migrations: { "001_history.sql": "CREATE TABLE history (at TEXT);", "002_broken.sql": "INSERT INTO no_such_table VALUES (1);" } });
  const answer = await request(h, "POST", "/addons/install", { body: zip });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.error.code, "ADDON_MIGRATION_FAILED");
  assert.match(answer.body.error.message, /002_broken\.sql/);
  assertNothingLeft(h);
});

test("an upgrade whose migration fails leaves the running version and its database as they were", async (t) => {
  const h = await createHarness({ trust: [signer.entry] });
  t.after(() => h.close());
  const v1 = await probePackage(signer, { migrations: { "001_history.sql": "CREATE TABLE history (at TEXT);\nINSERT INTO history VALUES ('v1');" } });
  assert.equal((await request(h, "POST", "/addons/install", { body: v1 })).status, 201);
  const v2 = await probePackage(signer, { version: "2.0.0", migrations: {
    "001_history.sql": "CREATE TABLE history (at TEXT);", "002_more.sql": "ALTER TABLE history ADD COLUMN what TEXT;", "003_broken.sql": "DROP TABLE nope;",
  } });
  const answer = await request(h, "POST", "/addons/install", { body: v2 });
  assert.equal(answer.body.error.code, "ADDON_MIGRATION_FAILED");
  const listed = (await request(h, "GET", "/addons/acme.probe", { as: "viewer" })).body;
  assert.equal(listed.version, "1.0.0");
  assert.equal(listed.status, "active");
  assert.ok(!existsSync(join(h.dataDir, "addons/acme.probe/2.0.0")));
  const addonDb = new Database(join(h.dataDir, "addons/acme.probe/addon.db"), { readonly: true });
  t.after(() => addonDb.close());
  assert.deepEqual(addonDb.prepare("SELECT name FROM pragma_table_info('history')").all(), [{ name: "at" }], "002 did not stay applied");
  assert.deepEqual(addonDb.prepare("SELECT at FROM history").all(), [{ at: "v1" }]);
  assert.deepEqual(h.db.prepare("SELECT name, version FROM addon_migrations").all(), [{ name: "001_history.sql", version: "1.0.0" }]);

  const v3 = await probePackage(signer, { version: "3.0.0", migrations: {
    "001_history.sql": "CREATE TABLE history (at TEXT);", "002_more.sql": "ALTER TABLE history ADD COLUMN what TEXT;",
  } });
  assert.equal((await request(h, "POST", "/addons/install", { body: v3 })).status, 200);
  const upgraded = new Database(join(h.dataDir, "addons/acme.probe/addon.db"), { readonly: true });
  t.after(() => upgraded.close());
  assert.deepEqual(upgraded.prepare("SELECT name FROM pragma_table_info('history')").all(), [{ name: "at" }, { name: "what" }], "only 002 ran on upgrade");
  assert.deepEqual(upgraded.prepare("SELECT at FROM history").all(), [{ at: "v1" }], "the addon's data survived");
});

test("an installed addon modified on disk is refused at the next start, shown as such, never loaded", async () => {
  const first = await createHarness({ trust: [signer.entry] });
  assert.equal((await request(first, "POST", "/addons/install", { body: await probePackage(signer) })).status, 201);
  const created = await request(first, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe", config: { targets: [{ host: "127.0.0.1", port: 9 }], username: "u", password: "p" },
  } });
  await first.close();
  appendFileSync(join(first.dataDir, "addons/acme.probe/1.0.0/backend/index.js"), "\nglobalThis.evil = true;\n");

  const second = await createHarness({ dataDir: first.dataDir });
  try {
    const addon = (await request(second, "GET", "/addons/acme.probe", { as: "viewer" })).body;
    assert.equal(addon.status, "refused");
    assert.equal(addon.status_code, "ADDON_FILE_TAMPERED");
    assert.equal(addon.stats, null, "never loaded");
    assert.match(addon.warnings.join(" "), /refused: ADDON_FILE_TAMPERED/);
    assert.equal((await request(second, "GET", `/connectors/${created.body.id}`, { as: "viewer" })).body.running, false);
    assert.deepEqual((await request(second, "GET", "/scheduler/jobs?owner=addon:acme.probe", { as: "viewer" })).body.items, []);
    const enable = await request(second, "POST", "/addons/acme.probe/enable");
    assert.equal(enable.body.error.code, "ADDON_FILE_TAMPERED", "enabling re-verifies");
    assert.match(second.log.join("\n"), /REFUSED acme\.probe: ADDON_FILE_TAMPERED/);
  } finally {
    await second.close();
  }
  // The kept zip is checked too.
  writeFileSync(join(first.dataDir, "addons/acme.probe/1.0.0.zip"), "garbage");
  const third = await createHarness({ dataDir: first.dataDir });
  try {
    assert.equal((await request(third, "GET", "/addons/acme.probe", { as: "viewer" })).body.status_code, "ADDON_ZIP_INVALID");
  } finally {
    await third.close();
  }
});

test("revoking the signing key refuses its addons at the next start", async () => {
  const first = await createHarness({ trust: [signer.entry] });
  assert.equal((await request(first, "POST", "/addons/install", { body: await probePackage(signer) })).status, 201);
  await first.close();
  first.platform.trust.revoke(signer.entry.keyId);
  const second = await createHarness({ dataDir: first.dataDir });
  try {
    const addon = (await request(second, "GET", "/addons/acme.probe", { as: "viewer" })).body;
    assert.equal(addon.status, "refused");
    assert.equal(addon.status_code, "ADDON_KEY_REVOKED");
  } finally {
    await second.close();
  }
});

test("dev mode installs an unsigned package, with a warning on every listing; without dev mode it is refused at start", async () => {
  const dev = await createHarness({ dev: true });
  const installed = await request(dev, "POST", "/addons/install", { body: await probePackage(null) });
  assert.equal(installed.status, 201, JSON.stringify(installed.body));
  assert.equal(installed.body.addon.trust_level, "unsigned");
  assert.match(installed.body.warnings.join(" "), /unsigned/);
  assert.match((await request(dev, "GET", "/addons", { as: "viewer" })).body.items[0].warnings.join(" "), /unsigned: loaded only because the daemon runs in dev mode/);
  await dev.close();
  const strict = await createHarness({ dataDir: dev.dataDir });
  try {
    assert.equal((await request(strict, "GET", "/addons/acme.probe", { as: "viewer" })).body.status_code, "ADDON_SIGNATURE_MISSING");
  } finally {
    await strict.close();
  }
});
