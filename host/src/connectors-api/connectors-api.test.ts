// The connector endpoints' config contract over the real API and addon platform (the probe
// addon, built and signed as an author does): a refused config names its fields in the error's
// details, and a stored secret is cleared by sending it as null, unless the schema requires it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { createProbeHarness, request, type Harness } from "../addons/test-support/harness.ts";
import { SecretVault } from "../secrets/vault.ts";
import { getConnectorRow } from "./connector-records.ts";

const PASSWORD = "pw-do-not-leak-1";
const COMMUNITY = "community-do-not-leak";
const TARGETS = [{ id: "dev1", host: "127.0.0.1", port: 9, name: "Device 1" }];
let h: Harness;

before(async () => {
  h = await createProbeHarness();
});
after(async () => {
  await h.close();
});

/** The secrets the database holds for a connector, decrypted with the data dir's key. */
function storedSecrets(id: string): Record<string, unknown> {
  const row = getConnectorRow(h.db, id);
  assert.ok(row, `connector ${id} is gone`);
  return row.secrets_enc ? SecretVault.open(join(h.dataDir, "secret.key")).decryptJson(row.secrets_enc) : {};
}

async function createProbe(name: string): Promise<string> {
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name, config: { targets: TARGETS, username: "opsbot", password: PASSWORD, trap_community: COMMUNITY },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.sensitive_fields_set, ["password", "trap_community"]);
  return created.body.id;
}

test("a config the addon's schema refuses answers 400 CONNECTOR_CONFIG_INVALID with each failing field in details.fields", async () => {
  const refused = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Bad", config: { targets: [{ port: "x" }], password: PASSWORD },
  } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.error.code, "CONNECTOR_CONFIG_INVALID");
  assert.deepEqual(refused.body.error.details, { fields: [
    { pointer: "/username", message: "is required" },
    { pointer: "/targets/0/host", message: "is required" },
    { pointer: "/targets/0/port", message: "must be integer" },
  ] });
  assert.match(refused.body.error.message, /\/targets\/0\/host is required/);
  assert.doesNotMatch(JSON.stringify(refused.body), new RegExp(PASSWORD));
});

test("PUT with an optional secret set to null removes it; the others are kept", async () => {
  const id = await createProbe("Clears its community");
  const updated = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: {
    config: { targets: TARGETS, username: "opsbot", trap_community: null },
  } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.deepEqual(updated.body.sensitive_fields_set, ["password"]);
  assert.deepEqual(storedSecrets(id), { password: PASSWORD });
});

test("PUT with a required secret set to null is refused, naming the field, and the stored secret stays", async () => {
  const id = await createProbe("Keeps its password");
  const refused = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: {
    config: { targets: TARGETS, username: "opsbot", password: null },
  } });
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, "CONNECTOR_CONFIG_INVALID");
  assert.deepEqual(refused.body.error.details, { fields: [{ pointer: "/password", message: "is required" }] });
  assert.deepEqual(storedSecrets(id), { password: PASSWORD, trap_community: COMMUNITY });
  assert.deepEqual((await request(h, "GET", `/connectors/${id}`, { as: "viewer" })).body.sensitive_fields_set, ["password", "trap_community"]);
});

test("a config nested deeper than the API allows is 400 VALIDATION_FAILED, not a 500 from JSON.stringify; nothing is created", async () => {
  const count = () => (h.db.prepare("SELECT COUNT(*) AS n FROM connectors").get() as { n: number }).n;
  const before = count();
  // Target items allow extra properties, so the schema never looks inside `extra`. Written by hand:
  // JSON.stringify of such a value is what overflowed.
  const body = (levels: number) => `{"addon_id":"acme.probe","name":"Deep","config":{"username":"opsbot","password":"p",`
    + `"targets":[{"host":"127.0.0.1","extra":${"[".repeat(levels)}1${"]".repeat(levels)}}]}}`;
  for (const levels of [10_000, 33 - 4]) {
    // Levels: the body, config, targets and the item (4), then `extra`'s arrays: 33 in all is one too many.
    const refused = await request(h, "POST", "/connectors", { as: "operator", body: body(levels) });
    assert.equal(refused.status, 400, `${levels}: ${JSON.stringify(refused.body)}`);
    assert.equal(refused.body.error.code, "VALIDATION_FAILED");
    assert.match(refused.body.error.message, /nests deeper than 32 levels/);
  }
  assert.equal(count(), before);
  const id = (await request(h, "POST", "/connectors", { as: "operator", body: body(32 - 4) })).body.id;
  assert.ok(id, "32 levels are allowed");
  const updated = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: body(10_000).replace(/"addon_id":"acme.probe","name":"Deep",/, "") });
  assert.equal(updated.status, 400, JSON.stringify(updated.body));
  assert.equal(updated.body.error.code, "VALIDATION_FAILED");
});

test("a rename keeps a failing connector's status; a new config starts it over", async () => {
  const id = await createProbe("Renamed");
  const failing = await request(h, "POST", `/connectors/${id}/poll`, { as: "operator" });  // port 9: nothing listens
  assert.equal(failing.body.status, "failed", JSON.stringify(failing.body));
  const before = await request(h, "GET", `/connectors/${id}`, { as: "viewer" });
  assert.equal(before.body.status, "failing");

  const renamed = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: { name: "Renamed again", poll_interval_s: 300 } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.deepEqual([renamed.body.name, renamed.body.status, renamed.body.status_code, renamed.body.consecutive_failures],
    ["Renamed again", "failing", before.body.status_code, before.body.consecutive_failures], "still failing: nothing that fails it changed");
  // As the UI edits: the whole config sent back as GET showed it (secrets left out, so kept), with a new name.
  const asTheUiDoes = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: { name: "Renamed in the UI", config: renamed.body.config } });
  assert.equal(asTheUiDoes.status, 200, JSON.stringify(asTheUiDoes.body));
  assert.deepEqual([asTheUiDoes.body.status, asTheUiDoes.body.consecutive_failures], ["failing", before.body.consecutive_failures], "the same config is no new config");

  const reconfigured = await request(h, "PUT", `/connectors/${id}`, { as: "operator", body: { config: { targets: TARGETS, username: "opsbot", site: "dc2" } } });
  assert.equal(reconfigured.status, 200, JSON.stringify(reconfigured.body));
  assert.deepEqual([reconfigured.body.status, reconfigured.body.status_code, reconfigured.body.consecutive_failures], ["new", null, 0]);
});

test("a target host that is a URL, not a bare name or address, is refused when the config is saved, naming the field", async () => {
  const refused = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Url", config: { targets: [TARGETS[0], { id: "dev2", host: "https://127.0.0.1:8443/api", name: "Device 2" }], username: "opsbot", password: PASSWORD },
  } });
  assert.equal(refused.status, 400, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, "CONNECTOR_CONFIG_INVALID");
  assert.deepEqual(refused.body.error.details.fields, [{ pointer: "/targets/1/host", message: "must be a host name or an IP address alone (no scheme, port or path)" }]);
  const names = (await request(h, "GET", "/connectors", { as: "viewer" })).body.items.map((c: { name: string }) => c.name);
  assert.ok(!names.includes("Url"), "nothing created");

  const bare = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Bare hosts",
    config: { targets: [{ id: "v6", host: "2001:db8::10", name: "V6" }, { id: "fqdn", host: "core-sw1.example.net.", name: "FQDN" }], username: "opsbot", password: PASSWORD },
  } });
  assert.equal(bare.status, 201, `an IPv6 literal and a name with its root dot are bare hosts: ${JSON.stringify(bare.body)}`);
});
