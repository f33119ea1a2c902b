// Connector writes and the addon lifecycle do not interleave: a connector created while its addon
// is being uninstalled (the uninstall waiting for a slow connection test to drain) waits for the uninstall and
// is then refused, instead of leaving a running instance of an addon that is gone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startDeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createProbeHarness, request } from "../../host/src/addons/test-support/harness.ts";

test("a connector created during its addon's uninstall waits for it and is refused (ADDON_NOT_FOUND); no instance is left running", async (t) => {
  const device = await startDeviceServer("opsbot", "pw-123456");
  t.after(() => device.close());
  const h = await createProbeHarness();
  t.after(() => h.close());
  const config = { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", password: "pw-123456" };
  const slow = await request(h, "POST", "/connectors", { as: "operator", body: { addon_id: "acme.probe", name: "Slow", config } });
  assert.equal(slow.status, 201);
  device.delayMs = 1_500;
  // A connection test: the uninstall waits for it (a poll it would abort).
  const testing = request(h, "POST", `/connectors/${slow.body.id}/test`, { as: "operator" });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const uninstalling = request(h, "DELETE", "/addons/acme.probe?connectors=keep", { as: "admin" });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const late = await request(h, "POST", "/connectors", { as: "operator", body: { id: "late", addon_id: "acme.probe", name: "Late", config } });
  assert.equal((await uninstalling).status, 200);
  await testing;
  assert.equal(late.status, 404, JSON.stringify(late.body));
  assert.equal(late.body.error.code, "ADDON_NOT_FOUND");
  const listed = (await request(h, "GET", "/connectors", { as: "viewer" })).body.items as Array<{ id: string; running: boolean }>;
  assert.deepEqual(listed.map((connector) => [connector.id, connector.running]), [[slow.body.id, false]]);
});
