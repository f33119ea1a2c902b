// An upgrade whose config_schema the existing connectors no longer satisfy: the upgrade goes
// through, those connectors wait (failing, CONNECTOR_CONFIG_INVALID, nothing run on a config
// the new version does not expect) until an admin edits them; the others keep running.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { probeManifest } from "../../host/src/addons/test-support/probe-addon.ts";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { startDeviceServer, type DeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const signer = testSigner(["acme."], "community");
let h: Harness;
let device: DeviceServer;
let connectorId: string;

// v2 adds a required `tenant`, and a `site` default the stored config already overrides.
const v1Schema = probeManifest().config_schema as { required: string[]; properties: Record<string, unknown> };
const v2Schema = { ...v1Schema, required: [...v1Schema.required, "tenant"], properties: { ...v1Schema.properties, tenant: { type: "string", minLength: 1 } } };

before(async () => {
  device = await startDeviceServer("opsbot", "pw-123456");
  device.alarms = [{ type: "link_down", object: "ge-0/0/1" }];
  h = await createHarness({ trust: [signer.entry] });
  assert.equal((await request(h, "POST", "/addons/install", { body: await probePackage(signer) })).status, 201);
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe", config: { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", password: "pw-123456" },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  connectorId = created.body.id;
});
after(async () => {
  await h.close();
  await device.close();
});

const connector = async () => (await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" })).body;
const pollNow = async () => (await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" })).body;

test("a connector whose config the new version refuses waits, with the reason, until it is edited", async () => {
  assert.equal((await pollNow()).status, "ok");
  const v2 = await probePackage(signer, { version: "2.0.0", flavour: "v2", manifest: { config_schema: v2Schema } });
  const upgraded = await request(h, "POST", "/addons/install", { body: v2 });
  assert.equal(upgraded.status, 200, JSON.stringify(upgraded.body));
  assert.equal(upgraded.body.replaced, "1.0.0");
  // The admin hears it in the upgrade's answer, not only on the connector page.
  assert.equal(upgraded.body.warnings.length, 1, JSON.stringify(upgraded.body.warnings));
  assert.match(upgraded.body.warnings[0], new RegExp(`^connector ${connectorId} did not start on 2\\.0\\.0: CONNECTOR_CONFIG_INVALID: .*tenant`));

  const waiting = await connector();
  assert.deepEqual([waiting.running, waiting.status, waiting.status_code], [false, "failing", "CONNECTOR_CONFIG_INVALID"]);
  assert.match(waiting.status_message, /tenant/);
  assert.match(waiting.status_message, /acme\.probe 2\.0\.0/);
  // Its polls say why (not a bare "not running"), and the password never shows in any of it.
  const run = await pollNow();
  assert.deepEqual([run.status, run.error_code], ["failed", "CONNECTOR_CONFIG_INVALID"]);
  assert.doesNotMatch(JSON.stringify([waiting, run]), /pw-123456/);

  // The admin adds the field (the password is kept): it starts on v2 and polls.
  const edited = await request(h, "PUT", `/connectors/${connectorId}`, { as: "admin", body: { config: {
    targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", tenant: "acme",
  } } });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const running = await connector();
  assert.deepEqual([running.running, running.status_code], [true, null]);
  assert.equal((await pollNow()).status, "ok");
  const titles = (await request(h, "GET", "/alerts", { as: "viewer" })).body.items.map((alert: { title: string }) => alert.title);
  assert.ok(titles.includes("v2: Device 1 link_down"), JSON.stringify(titles));
});
