// What the platform refuses, and that a refusal leaves nothing behind: hostile packages over the
// API, a failing migration, and an installed addon modified on disk (refused at the next start).
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { DEFAULT_PACKAGE_LIMITS, readZipSafely, withSignature, writePackageZip } from "@opsconductor/sdk/node";
import { craftZip, UNIX_MODE, unixAttributes } from "../../sdk/src/package/test-support/craft-zip.ts";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const signer = testSigner(["acme."], "community");

/** Nothing of the addon anywhere: no files (staging included), no registry or mapping rows. */
function assertNothingLeft(h: Harness, id = "acme.probe"): void {
  const addons = join(h.dataDir, "addons");
  assert.ok(!existsSync(join(addons, id)), `${id} files were left`);
  assert.deepEqual(existsSync(join(addons, ".staging")) ? readdirSync(join(addons, ".staging")) : [], [], "staging was left");
  for (const [table, column] of [["installed_addons", "id"], ["addon_migrations", "addon_id"], ["severity_mappings", "connector_type"]]) {
    assert.equal((h.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`).get(id) as { n: number }).n, 0, `${table} has rows`);
  }
}

test("hostile or untrusted packages over the API get their ADDON_* code with 400 (403 for a refused runtime) and leave nothing", async (t) => {
  const h = await createHarness({ trust: [signer.entry] });
  t.after(() => h.close());
  const stranger = testSigner(["acme."]);
  const otherPrefix = testSigner(["other."]);
  const [good, unsigned, byStranger, outsidePrefix, worker] = await Promise.all([
    probePackage(signer), probePackage(null), probePackage(stranger), probePackage(otherPrefix), probePackage(signer, { manifest: { runtime: "worker" } }),
  ]);
  const files = readZipSafely(good, DEFAULT_PACKAGE_LIMITS);
  const tampered = new Map(files);
  tampered.set("backend/index.js", Buffer.concat([files.get("backend/index.js")!, Buffer.from("\n// evil\n")]));
  // What oc-addon build refuses, signed by hand: the host's verifier must refuse it too.
  const withForbiddenMigration = new Map([...files].filter(([path]) => !path.startsWith("SIGNATURE/")));
  withForbiddenMigration.set("migrations/001_x.sql", Buffer.from("DELETE FROM alerts;"));
  const forbidden = writePackageZip(withSignature(withForbiddenMigration, readFileSync(signer.keyFile, "utf8")));
  const cases: Array<[string, Buffer, string]> = [
    ["zip-slip", craftZip([{ name: "../../etc/cron.d/evil", data: "* * * * * root sh" }]), "ADDON_PATH_TRAVERSAL"],
    ["symlink", craftZip([{ name: "backend/index.js", data: "/etc/passwd", externalAttributes: unixAttributes(UNIX_MODE.symlink) }]), "ADDON_LINK_ENTRY"],
    ["zip bomb", craftZip([{ name: "manifest.json", data: Buffer.alloc(50 * 1024 * 1024) }]), "ADDON_ZIP_BOMB"],
    ["not a zip", Buffer.from("certainly not a zip file"), "ADDON_ZIP_INVALID"],
    ["unsigned", unsigned, "ADDON_SIGNATURE_MISSING"],
    ["tampered after signing", writePackageZip(tampered), "ADDON_FILE_TAMPERED"],
    ["unknown key", byStranger, "ADDON_KEY_UNKNOWN"],
    ["key outside its prefix", outsidePrefix, "ADDON_KEY_NOT_ALLOWED"],
    ["core table in a migration", forbidden, "ADDON_MIGRATION_FORBIDDEN"],
    ["worker runtime for a community key", worker, "ADDON_RUNTIME_NOT_ALLOWED"],
  ];
  h.platform.trust.ensure(otherPrefix.entry);
  for (const [name, zip, code] of cases) {
    const answer = await request(h, "POST", "/addons/install", { body: zip });
    // A policy refusal (the worker runtime for a community key) is the runtime catalogue's 403.
    assert.equal(answer.status, code === "ADDON_RUNTIME_NOT_ALLOWED" ? 403 : 400, `${name}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, code, name);
    assertNothingLeft(h);
  }
  const multipartless = await request(h, "POST", "/addons/install", { body: { zip: "base64?" } });
  assert.equal(multipartless.status, 415);
  assert.deepEqual((await request(h, "GET", "/addons", { as: "viewer" })).body.items, []);
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
