// An addon migration that never ends (its own SQL: a recursive CTE without a bound) is stopped at
// the install's time limit with ADDON_MIGRATION_TIMEOUT; the daemon's event loop keeps running
// meanwhile, nothing of the install is left, and an upgrade that hangs leaves the old version as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, request } from "../../host/src/addons/test-support/harness.ts";

const signer = testSigner(["acme."], "community");
const NOTES = { "001_notes.sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);" };
const ENDLESS = "CREATE TABLE burn (n INTEGER);\nINSERT INTO burn SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c);";

test("a migration that never ends is stopped at the time limit (ADDON_MIGRATION_TIMEOUT) while the event loop runs on; nothing is left, and an upgrade that hangs keeps the old version", async (t) => {
  const h = await createHarness({ trust: [signer.entry], migrationTimeoutMs: 1_500 });
  t.after(() => h.close());
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 50);
  t.after(() => clearInterval(ticker));

  const started = performance.now();
  const refused = await request(h, "POST", "/addons/install", { body: await probePackage(signer, { migrations: { ...NOTES, "002_burn.sql": ENDLESS } }) });
  const elapsed = performance.now() - started;
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, "ADDON_MIGRATION_TIMEOUT");
  assert.ok(elapsed >= 1_400 && elapsed < 6_000, `stopped at the limit (${Math.round(elapsed)} ms)`);
  assert.ok(ticks >= 15, `the event loop ran during the migration (${ticks} ticks of 50 ms)`);
  assert.equal((await request(h, "GET", "/addons/acme.probe", { as: "viewer" })).status, 404);
  assert.ok(!existsSync(join(h.dataDir, "addons", "acme.probe")));
  assert.deepEqual(readdirSync(join(h.dataDir, "addons", ".staging")), []);

  assert.equal((await request(h, "POST", "/addons/install", { body: await probePackage(signer, { migrations: NOTES }) })).status, 201);
  const upgrade = await request(h, "POST", "/addons/install", {
    body: await probePackage(signer, { version: "1.1.0", migrations: { ...NOTES, "002_burn.sql": ENDLESS } }),
  });
  assert.equal(upgrade.body.error?.code, "ADDON_MIGRATION_TIMEOUT");
  const addon = await request(h, "GET", "/addons/acme.probe", { as: "viewer" });
  assert.deepEqual([addon.body.version, addon.body.status], ["1.0.0", "active"]);
  const db = new Database(join(h.dataDir, "addons", "acme.probe", "addon.db"), { readonly: true });
  t.after(() => db.close());
  assert.deepEqual(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(), ["notes"]);
});
