// POST /devices/:id/refresh over the real platform: the device's connector is asked for that one
// device (the probe addon's getDeviceInfo, through its running instance and broker) and the
// answer written to the row as a device sync writes it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { startDeviceServer, type DeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const PASSWORD = "pw-refresh-123";
const signer = testSigner(["acme."], "community");
let h: Harness;
let device: DeviceServer;
let connectorId: string;

interface DeviceRow {
  id: number;
  connector_id: string | null;
  external_id: string;
  name: string;
  model: string | null;
  status: string | null;
  criticality: string;
  last_seen_at: string;
}

const config = (port: number) => ({
  targets: [{ id: "dev1", host: "127.0.0.1", port, name: "Device 1" }, { id: "dev2", host: "127.0.0.1", port, name: "Device 2" }],
  username: "opsbot", password: PASSWORD,
});

async function createConnector(addonId: string): Promise<string> {
  const created = await request(h, "POST", "/connectors", { as: "operator", body: { addon_id: addonId, name: addonId, config: config(device.port) } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id as string;
}

const rowOf = (connector: string | null, externalId: string) =>
  h.db.prepare("SELECT * FROM devices WHERE connector_id IS ? AND external_id = ?").get(connector, externalId) as DeviceRow;

/** A device row as an earlier sync left it (a device the source may since have dropped). */
function insertDevice(connector: string | null, externalId: string): DeviceRow {
  h.db.prepare(`INSERT INTO devices (connector_id, external_id, name, first_seen_at, last_seen_at)
    VALUES (?, ?, 'Old device', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run(connector, externalId);
  return rowOf(connector, externalId);
}

const refreshAudits = () => h.db.prepare("SELECT actor, target, details_json FROM audit_log WHERE action = 'POST /api/v1/devices/:id/refresh'").all() as
  Array<{ actor: string; target: string; details_json: string }>;

before(async () => {
  device = await startDeviceServer("opsbot", PASSWORD);
  h = await createHarness({ trust: [signer.entry] });
  assert.equal((await request(h, "POST", "/addons/install", { body: await probePackage(signer) })).status, 201);
  connectorId = await createConnector("acme.probe");
  const synced = await h.scheduler.runNow("jobs.run:addon:acme.probe/inventory");
  assert.deepEqual(synced.result, { connectors: 1, devices: 2, failed: [] });
});
after(async () => {
  await h.close();
  await device.close();
});

test("a refresh writes what the connector now says of the device to its row, as a sync would, and a device sync then still works", async () => {
  const before = rowOf(connectorId, "dev1");
  assert.equal((await request(h, "PUT", `/devices/${before.id}`, { as: "operator", body: { criticality: "high" } })).status, 200);
  const asked = device.authorizations.length;

  const refreshed = await request(h, "POST", `/devices/${before.id}/refresh`, { as: "operator" });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.equal(device.authorizations.length, asked + 1, "the connector asked the device itself, through its broker");
  assert.equal(refreshed.body.id, before.id, "the same row, updated in place");
  assert.equal(refreshed.body.model, "Probe v1");
  assert.equal(refreshed.body.status, "up");
  assert.equal(refreshed.body.criticality, "high", "the operator's criticality is kept, as a sync keeps it");
  assert.ok(refreshed.body.last_seen_at > before.last_seen_at);
  assert.deepEqual(refreshed.body, (await request(h, "GET", `/devices/${before.id}`, { as: "viewer" })).body, "answered as GET /devices/:id shows it");
  assert.equal(rowOf(connectorId, "dev2").model, null, "only that device is written");

  const [audit] = refreshAudits();
  assert.equal(audit!.actor, "user:operator");
  assert.equal(audit!.target, `/api/v1/devices/${before.id}/refresh`);
  assert.deepEqual(JSON.parse(audit!.details_json), { via: "token", connector_id: connectorId, external_id: "dev1" });

  const synced = await h.scheduler.runNow("jobs.run:addon:acme.probe/inventory");
  assert.deepEqual(synced.result, { connectors: 1, devices: 2, failed: [] });
  const after = rowOf(connectorId, "dev1");
  assert.equal(after.id, before.id);
  assert.equal(after.model, null, "the sync's inventory, which names no model, is what the row says now");
  assert.equal(after.criticality, "high");
  assert.equal((h.db.prepare("SELECT count(*) AS n FROM devices").get() as { n: number }).n, 2, "no row added by either");
});

test("an unknown device id is 404 DEVICE_NOT_FOUND", async () => {
  for (const id of ["999999", "not-a-number"]) {
    const missing = await request(h, "POST", `/devices/${id}/refresh`, { as: "operator" });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "DEVICE_NOT_FOUND", id);
  }
});

test("a device its connector no longer knows is 404 DEVICE_GONE_AT_SOURCE, and the row is kept as it was", async () => {
  const retired = insertDevice(connectorId, "dev-retired");
  const audits = refreshAudits().length;
  const gone = await request(h, "POST", `/devices/${retired.id}/refresh`, { as: "operator" });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, "DEVICE_GONE_AT_SOURCE");
  assert.deepEqual(gone.body.error.details, { id: retired.id, connector_id: connectorId, external_id: "dev-retired" });
  assert.deepEqual(rowOf(connectorId, "dev-retired"), retired, "kept, untouched: the admin decides");
  assert.equal(refreshAudits().length, audits, "nothing changed, nothing audited");
});

test("a device whose connector is disabled is 409 CONNECTOR_NOT_RUNNING; one whose connector was deleted, 409 DEVICE_NO_CONNECTOR", async () => {
  const dev2 = rowOf(connectorId, "dev2");
  assert.equal((await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { enabled: false } })).status, 200);
  try {
    const stopped = await request(h, "POST", `/devices/${dev2.id}/refresh`, { as: "operator" });
    assert.equal(stopped.status, 409);
    assert.equal(stopped.body.error.code, "CONNECTOR_NOT_RUNNING");
    assert.deepEqual(rowOf(connectorId, "dev2"), dev2);
  } finally {
    assert.equal((await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { enabled: true } })).status, 200);
  }

  const orphan = insertDevice(null, "dev-orphan");
  const unowned = await request(h, "POST", `/devices/${orphan.id}/refresh`, { as: "operator" });
  assert.equal(unowned.status, 409);
  assert.equal(unowned.body.error.code, "DEVICE_NO_CONNECTOR");
});

test("a connector without getDeviceInfo answers 501 ADDON_METHOD_UNSUPPORTED, the row untouched", async () => {
  const older = await probePackage(signer, { id: "acme.older", getDeviceInfo: false });
  assert.equal((await request(h, "POST", "/addons/install", { body: older })).status, 201);
  const olderConnector = await createConnector("acme.older");
  const row = insertDevice(olderConnector, "dev1");
  const unsupported = await request(h, "POST", `/devices/${row.id}/refresh`, { as: "operator" });
  assert.equal(unsupported.status, 501);
  assert.equal(unsupported.body.error.code, "ADDON_METHOD_UNSUPPORTED");
  assert.deepEqual(rowOf(olderConnector, "dev1"), row);
});

test("a viewer may not refresh a device: 403 AUTH_FORBIDDEN, and its connector is not asked", async () => {
  const dev1 = rowOf(connectorId, "dev1");
  const asked = device.authorizations.length;
  const refused = await request(h, "POST", `/devices/${dev1.id}/refresh`, { as: "viewer" });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, "AUTH_FORBIDDEN");
  assert.equal(device.authorizations.length, asked);
  assert.deepEqual(rowOf(connectorId, "dev1"), dev1);
});

test("a connector deleted while its device is looked up gets nothing written: 409 CONNECTOR_NOT_RUNNING, the row left without a connector", async () => {
  const dev2 = rowOf(connectorId, "dev2");
  device.delayMs = 500;
  try {
    const refreshing = request(h, "POST", `/devices/${dev2.id}/refresh`, { as: "operator" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal((await request(h, "DELETE", `/connectors/${connectorId}`, { as: "operator" })).status, 200);
    const refreshed = await refreshing;
    assert.equal(refreshed.status, 409, JSON.stringify(refreshed.body));
    assert.equal(refreshed.body.error.code, "CONNECTOR_NOT_RUNNING");
  } finally {
    device.delayMs = 0;
  }
  const row = h.db.prepare("SELECT connector_id, model FROM devices WHERE id = ?").get(dev2.id);
  assert.deepEqual({ ...row as object }, { connector_id: null, model: null }, "the device outlives its connector, not refreshed");
  assert.equal((h.db.prepare("SELECT count(*) AS n FROM devices WHERE external_id = 'dev2'").get() as { n: number }).n, 1, "not added back under the deleted connector");
});
