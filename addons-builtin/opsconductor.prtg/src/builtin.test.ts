// The PRTG built-in through the product: built, signed and packed like any built-in
// (scripts/build/addons.ts), installed by the daemon at start, configured over the API
// against the PRTG simulator, polled, tested and synced.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAddons, CORE_KEY_NAME } from "../../../scripts/build/addons.ts";
import { startDaemon, type Daemon } from "../../../host/src/daemon.ts";
import type { DaemonConfig } from "../../../host/src/config/schema.ts";
import { generateSensors } from "../../../test/sim/prtg/prtg-data.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../../../test/sim/prtg/prtg-simulator.ts";
import { apiClient } from "../../../test/support/api-client.ts";

const PASSHASH = "7012345678";
const root = mkdtempSync(join(tmpdir(), "oc-prtg-builtin-"));
const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false };
let daemon: Daemon;
let prtg: PrtgSimulator;
let token: string;
let connectorId: string;

const api = apiClient(() => daemon.url, () => token);

/**
 * POST /connectors/:id/poll, again while the scheduler's own poll of the instance (due at a
 * jittered moment of its first interval) happens to be running: that answers 409 JOB_ALREADY_RUNNING.
 */
async function pollNow(connector: string): Promise<{ status: number; body: any }> {
  for (let attempt = 0; ; attempt++) {
    const run = await api("POST", `/connectors/${connector}/poll`);
    if (run.body?.error?.code !== "JOB_ALREADY_RUNNING" || attempt === 50) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  prtg = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH });
  prtg.setSensors(generateSensors(30));
  await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), log: () => {}, only: ["opsconductor.prtg"] });
  daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: builtins });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  token = daemon.api.services.tokens.create(admin.id, "test").token;
});
after(async () => {
  await daemon?.close();
  await prtg.close();
  rmSync(root, { recursive: true, force: true });
});

test("the daemon installs the PRTG built-in with its seed mappings", async () => {
  const [addon] = (await api("GET", "/addons")).body.items;
  assert.deepEqual([addon.id, addon.trust_level, addon.status, addon.runtime], ["opsconductor.prtg", "core", "active", "isolate"]);
  const dedup = (await api("GET", "/mappings/dedup")).body.items.find((row: { connector_type: string }) => row.connector_type === "opsconductor.prtg");
  assert.deepEqual(dedup.fields, ["connector_id", "target", "resource"]);
});

test("a PRTG instance is configured over the API, tested, polled, and its device sync is a scheduled job", async () => {
  const created = await api("POST", "/connectors", { addon_id: "opsconductor.prtg", name: "PRTG", config: {
    targets: [{ id: "prtg-main", name: "PRTG main", host: "127.0.0.1", port: prtg.port, verify_tls: false }],
    username: "opsbot", passhash: PASSHASH,
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  connectorId = created.body.id;
  assert.deepEqual(created.body.sensitive_fields_set, ["passhash"]);
  assert.equal(created.body.poll_interval_s, 60);

  const tested = await api("POST", `/connectors/${connectorId}/test`);
  assert.equal(tested.body.ok, true, JSON.stringify(tested.body));

  const run = await pollNow(connectorId);
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
  const expected = generateSensors(30).filter((s) => [1, 4, 5, 6, 10, 13, 14].includes(s.status_raw));
  const alerts = (await api("GET", "/alerts?connector_type=opsconductor.prtg&status=open")).body.items;
  assert.equal(alerts.length, expected.length);
  const down = alerts.find((alert: { resource: string }) => alert.resource === "sensor:10009");
  assert.deepEqual([down.alert_type, down.severity, down.category, down.title, down.device_ip],
    ["sensor_down", "critical", "network", "device-0 [Simulated]: CPU Load 9 is Down", "10.0.0.0"]);

  const jobs = (await api("GET", "/scheduler/jobs?owner=addon:opsconductor.prtg")).body.items;
  const sync = jobs.find((job: { kind: string }) => job.kind === "jobs.run");
  assert.equal(sync.cron, "@hourly");
  const synced = await api("POST", `/scheduler/jobs/${encodeURIComponent(sync.key)}/run`);
  assert.equal(synced.body.status, "ok", JSON.stringify(synced.body));
  const devices = (await api("GET", "/devices")).body.items;
  assert.deepEqual(devices.map((d: { name: string; ip: string }) => [d.name, d.ip]),
    [["device-0 [Simulated]", "10.0.0.0"], ["device-1 [Simulated]", "10.0.0.1"], ["device-2 [Simulated]", "10.0.0.2"]]);
});

test("a PRTG that refuses the credentials raises the connector's auth health alert", async () => {
  prtg.setFault({ kind: "unauthorized" });
  try {
    const run = await pollNow(connectorId);
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const health = (await api("GET", "/alerts?status=open")).body.items.filter((alert: { alert_type: string }) => alert.alert_type.startsWith("connector_"));
    assert.deepEqual(health.map((alert: { alert_type: string; target: string }) => [alert.alert_type, alert.target]), [["connector_auth_failed", "prtg-main"]]);
    const tested = await api("POST", `/connectors/${connectorId}/test`);
    assert.deepEqual([tested.body.ok, tested.body.code], [false, "PRTG_AUTH_FAILED"]);
  } finally {
    prtg.setFault(null);
  }
});
