// An addon's own database holds its data: owner-only (0600) like the core database, whatever the
// umask; one an older version left readable by others is repaired at the next start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, statSync } from "node:fs";
import { join } from "node:path";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, request } from "../../host/src/addons/test-support/harness.ts";
import { underUmask022 } from "../../host/src/util/testing.ts";

const signer = testSigner(["acme."], "community");
const modeOf = (file: string) => statSync(file).mode & 0o777;

test("an addon's database is created 0600 under umask 022, stays so across an upgrade, and an old 0644 one is repaired at start", async (t) => {
  const dataDir = join(underUmask022(t), "data");
  const addonDb = join(dataDir, "addons", "acme.probe", "addon.db");
  const first = await createHarness({ dataDir, trust: [signer.entry] });
  try {
    const notes = { "001_notes.sql": "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);" };
    assert.equal((await request(first, "POST", "/addons/install", { body: await probePackage(signer, { migrations: notes }) })).status, 201);
    assert.equal(modeOf(addonDb), 0o600);
    const upgrade = await probePackage(signer, { version: "1.1.0", migrations: { ...notes, "002_more.sql": "CREATE TABLE more (id INTEGER);" } });
    assert.equal((await request(first, "POST", "/addons/install", { body: upgrade })).status, 200, "upgraded");
    assert.equal(modeOf(addonDb), 0o600, "the migrated copy that replaced it too");
  } finally {
    await first.close();
  }

  chmodSync(addonDb, 0o644);
  const restarted = await createHarness({ dataDir, trust: [signer.entry] });
  try {
    assert.equal(modeOf(addonDb), 0o600);
    assert.equal((await request(restarted, "GET", "/addons/acme.probe", { as: "viewer" })).body.status, "active");
  } finally {
    await restarted.close();
  }
});
