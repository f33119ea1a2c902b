// Disable, enable, upgrade, rollback and uninstall at run time, without a restart: the jobs,
// the running instances and the alerts follow each step.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { startDeviceServer, type DeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const signer = testSigner(["acme."], "community");
let h: Harness;
let device: DeviceServer;
let v1: Buffer;
let v2: Buffer;
let v3: Buffer;
let connectorId: string;

before(async () => {
  [v1, v2, v3] = await Promise.all([
    probePackage(signer), probePackage(signer, { version: "1.1.0", flavour: "v2" }), probePackage(signer, { version: "1.2.0", flavour: "v3" }),
  ]);
  device = await startDeviceServer("opsbot", "pw-123456");
  device.alarms = [{ type: "link_down", object: "ge-0/0/1" }];
  h = await createHarness({ trust: [signer.entry] });
  assert.equal((await request(h, "POST", "/addons/install", { body: v1 })).status, 201);
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe", config: { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", password: "pw-123456" },
  } });
  connectorId = created.body.id;
});
after(async () => {
  await h.close();
  await device.close();
});

const addonJobs = async () => (await request(h, "GET", "/scheduler/jobs?owner=addon:acme.probe", { as: "viewer" })).body.items.map((job: { key: string }) => job.key).sort();
const pollTitle = async () => {
  const run = await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
  return (await request(h, "GET", "/alerts", { as: "viewer" })).body.items[0].title as string;
};
const addon = async () => (await request(h, "GET", "/addons/acme.probe", { as: "viewer" })).body;

test("disable stops the instances and removes the addon's jobs; enable brings them back", async () => {
  assert.equal(await pollTitle(), "v1: Device 1 link_down");
  assert.equal((await addonJobs()).length, 2);

  const disabled = await request(h, "POST", "/addons/acme.probe/disable");
  assert.equal(disabled.status, 200);
  assert.equal(disabled.body.enabled, false);
  assert.equal(disabled.body.status, "installed");
  assert.equal(disabled.body.stats, null, "unloaded");
  assert.deepEqual(await addonJobs(), [], "no job of a disabled addon is left");
  const refused = await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "CONNECTOR_NOT_POLLABLE");
  assert.equal((await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" })).body.running, false);
  assert.equal((await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" })).body.enabled, true, "the connector itself is kept as it was");

  const enabled = await request(h, "POST", "/addons/acme.probe/enable");
  assert.equal(enabled.body.status, "active");
  assert.deepEqual(await addonJobs(), [`connector.poll:${connectorId}`, "jobs.run:addon:acme.probe/inventory"]);
  assert.equal(await pollTitle(), "v1: Device 1 link_down");
});

test("installing a newer version upgrades in place: instances move over, the old version stays on disk", async () => {
  const upgraded = await request(h, "POST", "/addons/install", { body: v2 });
  assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
  assert.equal(upgraded.body.replaced, "1.0.0");
  assert.equal(upgraded.body.addon.version, "1.1.0");
  assert.equal(upgraded.body.addon.previous_version, "1.0.0");
  assert.equal(upgraded.body.addon.stats.version, "1.1.0");
  assert.equal(await pollTitle(), "v2: Device 1 link_down", "the new version's behaviour, on the same open alert");
  assert.equal((await request(h, "GET", "/alerts", { as: "viewer" })).body.items.length, 1);
  for (const path of ["1.0.0", "1.0.0.zip", "1.1.0", "1.1.0.zip"]) assert.ok(existsSync(join(h.dataDir, "addons/acme.probe", path)), path);

  const again = await request(h, "POST", "/addons/install", { body: v2 });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, "ADDON_VERSION_INSTALLED");
  const older = await request(h, "POST", "/addons/install", { body: v1 });
  assert.equal(older.status, 409);
  assert.equal(older.body.error.code, "ADDON_DOWNGRADE");
});

test("rollback goes back to the previous version, re-verified from its kept zip", async () => {
  const rolled = await request(h, "POST", "/addons/acme.probe/rollback");
  assert.equal(rolled.status, 200, JSON.stringify(rolled.body));
  assert.equal(rolled.body.version, "1.0.0");
  assert.equal(rolled.body.previous_version, "1.1.0");
  assert.equal(await pollTitle(), "v1: Device 1 link_down");
  assert.equal((await addonJobs()).length, 2);
  // And forward again: the previous version is a toggle.
  assert.equal((await request(h, "POST", "/addons/acme.probe/rollback")).body.version, "1.1.0");
  assert.equal(await pollTitle(), "v2: Device 1 link_down");
});

test("a poll in flight during an upgrade finishes on the old version; the next one runs the new", async () => {
  device.delayMs = 300;
  const inFlight = request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const upgraded = await request(h, "POST", "/addons/install", { body: v3 });
  assert.equal(upgraded.status, 200);
  const run = await inFlight;
  assert.equal(run.body.status, "ok", `the old instance was drained, not cut off: ${JSON.stringify(run.body)}`);
  assert.equal((await request(h, "GET", "/alerts", { as: "viewer" })).body.items[0].title, "v2: Device 1 link_down");
  device.delayMs = 0;
  assert.equal(await pollTitle(), "v3: Device 1 link_down");
  assert.equal((await addon()).previous_version, "1.1.0");
  assert.ok(!existsSync(join(h.dataDir, "addons/acme.probe/1.0.0")), "only the installed and the previous version are kept");
});

test("uninstall keeps the connectors disabled by default, removes files, rows and jobs", async () => {
  const removed = await request(h, "DELETE", "/addons/acme.probe");
  assert.equal(removed.status, 200);
  assert.deepEqual(removed.body, { id: "acme.probe", connectors: "keep", removedConnectors: [] });
  assert.deepEqual((await request(h, "GET", "/addons", { as: "viewer" })).body.items, []);
  assert.ok(!existsSync(join(h.dataDir, "addons/acme.probe")));
  assert.deepEqual(await addonJobs(), []);
  assert.equal((h.db.prepare("SELECT count(*) AS n FROM severity_mappings WHERE connector_type = 'acme.probe'").get() as { n: number }).n, 0, "seed rows go");
  const kept = await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" });
  assert.equal(kept.body.enabled, false);
  assert.equal(kept.body.status, "disabled");
  assert.equal((await request(h, "GET", "/alerts", { as: "viewer" })).body.items.length, 1, "alert history stays");

  assert.equal((await request(h, "POST", "/addons/install", { body: v1 })).status, 201, "a reinstall is a fresh install");
  const enabledAgain = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { enabled: true } });
  assert.equal(enabledAgain.body.running, true, "the kept connector runs again once enabled");
  const purge = await request(h, "DELETE", "/addons/acme.probe?connectors=remove");
  assert.deepEqual(purge.body.removedConnectors, [connectorId]);
  assert.equal((await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" })).status, 404);
});

test("an admin's mapping edit survives an upgrade; seed rows follow the new version", async () => {
  assert.equal((await request(h, "POST", "/addons/install", { body: v1 })).status, 201);
  const row = h.db.prepare("SELECT id FROM severity_mappings WHERE connector_type = 'acme.probe' AND alert_type = 'link_down'").get() as { id: number };
  const edit = await request(h, "PUT", `/mappings/severity/${row.id}`, { body: { connector_type: "acme.probe", alert_type: "link_down", severity: "critical" } });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  assert.equal((await request(h, "POST", "/addons/install", { body: v2 })).status, 200);
  const after = h.db.prepare("SELECT severity, origin FROM severity_mappings WHERE connector_type = 'acme.probe' AND alert_type = 'link_down'").get();
  assert.deepEqual(after, { severity: "critical", origin: "admin" });
});

test("an admin's deletion of a seeded mapping survives an upgrade and a rollback", async () => {
  const seeded = (type: string) => h.db.prepare("SELECT id, origin FROM severity_mappings WHERE connector_type = 'acme.probe' AND alert_type = ?").get(type) as
    { id: number; origin: string } | undefined;
  assert.equal((await addon()).version, "1.1.0");
  const noisy = seeded("fan_noise");
  assert.equal(noisy?.origin, "seed");
  const deleted = await request(h, "DELETE", `/mappings/severity/${noisy!.id}`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal((await request(h, "POST", "/addons/install", { body: v3 })).status, 200);
  assert.equal(seeded("fan_noise"), undefined, "the upgrade's seed does not bring the deleted row back");
  assert.ok(seeded("link_down"), "the rest of the seed is still applied");
  assert.equal((await request(h, "POST", "/addons/acme.probe/rollback")).status, 200);
  assert.equal((await addon()).version, "1.1.0");
  assert.equal(seeded("fan_noise"), undefined, "nor does the rollback's");
});
