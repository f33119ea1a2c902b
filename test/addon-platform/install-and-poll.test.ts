// An addon's whole path over the real API: a signed package built with oc-addon is installed,
// a connector created, polled now, and its alerts listed — and its password never shows.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { startDeviceServer, type DeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const SECRET = "s3cr3t-Pa55-do-not-leak";
const signer = testSigner(["acme."], "community");
let h: Harness;
let device: DeviceServer;
let connectorId: string;

before(async () => {
  device = await startDeviceServer("opsbot", SECRET);
  device.alarms = [{ type: "link_down", object: "ge-0/0/1" }, { type: "fan_noise", object: "fan1" }];
  h = await createHarness({ trust: [signer.entry] });
});
after(async () => {
  await h.close();
  await device.close();
});

/** Everything an API answer, the database and the audit log hold, as one string. */
function everywhere(...answers: unknown[]): string {
  const tables = ["connectors", "audit_log", "alerts", "alert_events", "scheduler_jobs", "job_runs", "installed_addons", "connector_state"];
  const rows = tables.map((table) => JSON.stringify(h.db.prepare(`SELECT * FROM ${table}`).all()));
  return [...answers.map((answer) => JSON.stringify(answer)), ...rows, h.log.join("\n")].join("\n");
}

test("a signed package installs over POST /addons/install and lists with its trust level and runtime stats", async () => {
  const installed = await request(h, "POST", "/addons/install", { body: await probePackage(signer) });
  assert.equal(installed.status, 201, JSON.stringify(installed.body));
  assert.equal(installed.body.addon.id, "acme.probe");
  assert.equal(installed.body.addon.status, "active");
  assert.equal(installed.body.addon.trust_level, "community");
  assert.equal(installed.body.replaced, null);

  const list = await request(h, "GET", "/addons", { as: "viewer" });
  assert.equal(list.status, 200);
  const [addon] = list.body.items;
  assert.equal(addon.version, "1.0.0");
  assert.deepEqual(addon.warnings, []);
  assert.equal(addon.stats.runtime, "isolate");
  assert.equal(typeof addon.stats.heapUsedBytes, "number");

  const schema = await request(h, "GET", "/addons/acme.probe/config-schema", { as: "viewer" });
  assert.deepEqual(schema.body.sensitive, ["password", "trap_community", "trap_auth_key", "trap_priv_key"]);
  assert.equal(schema.body.targets_field, "targets");
  assert.equal(schema.body.config_schema.properties.password["x-widget"], "credentials");

  const seeded = h.db.prepare("SELECT alert_type, severity, enabled, origin FROM severity_mappings WHERE connector_type = 'acme.probe' ORDER BY alert_type").all();
  assert.deepEqual(seeded, [
    { alert_type: "fan_noise", severity: "info", enabled: 0, origin: "seed" },
    { alert_type: "link_down", severity: "major", enabled: 1, origin: "seed" },
  ]);
});

test("a connector is created with its config validated; the password is write-only and encrypted at rest", async () => {
  const bad = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe", config: { targets: [{ host: "127.0.0.1", port: "eighty" }], username: "opsbot" },
  } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "CONNECTOR_CONFIG_INVALID");
  assert.match(bad.body.error.message, /\/targets\/0\/port must be integer/);
  assert.match(bad.body.error.message, /\/password is required/);

  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: "acme.probe", name: "Probe",
    config: { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", password: SECRET },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  connectorId = created.body.id;
  assert.deepEqual(created.body.sensitive_fields_set, ["password"]);
  assert.equal(created.body.config.password, undefined);
  assert.equal(created.body.config.site, "hq", "schema defaults are applied");
  assert.equal(created.body.poll_interval_s, 120, "from the poll-interval widget field");
  assert.equal(created.body.running, true);
  assert.match(created.body.webhook_token, /^ocw_/, "a webhooks addon's instance gets its token once");

  const stored = h.db.prepare("SELECT config_json, secrets_enc FROM connectors WHERE id = ?").get(connectorId) as { config_json: string; secrets_enc: string };
  assert.ok(!stored.config_json.includes(SECRET) && !stored.secrets_enc.includes(SECRET));
  assert.match(stored.secrets_enc, /^v1\./);
});

test("the connector's poll and its schedules are jobs; POST /connectors/:id/poll runs it and the alerts show in GET /alerts", async () => {
  const jobs = (await request(h, "GET", "/scheduler/jobs?owner=addon:acme.probe", { as: "viewer" })).body.items;
  assert.deepEqual(jobs.map((job: { key: string }) => job.key).sort(), [`connector.poll:${connectorId}`, "jobs.run:addon:acme.probe/inventory"]);
  assert.equal(jobs.find((job: { kind: string }) => job.kind === "connector.poll").interval_s, 120);
  assert.equal(jobs.find((job: { kind: string }) => job.kind === "jobs.run").cron, "0 * * * *");

  const run = await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  assert.equal(run.status, 200);
  assert.equal(run.body.status, "ok", JSON.stringify(run.body));
  assert.equal(run.body.trigger, "manual");
  assert.equal(run.body.result.alerts, 1, "fan_noise is disabled by the seed");

  const alerts = await request(h, "GET", "/alerts", { as: "viewer" });
  assert.equal(alerts.body.items.length, 1);
  const [alert] = alerts.body.items;
  assert.equal(alert.connector_id, connectorId);
  assert.equal(alert.connector_type, "acme.probe");
  assert.equal(alert.alert_type, "link_down");
  assert.equal(alert.severity, "major");
  assert.equal(alert.resource, "ge-0/0/1");
  assert.equal(alert.title, "v1: Device 1 link_down");

  // The broker injected the password: the device saw it; the addon only ever named it.
  const basic = `Basic ${Buffer.from(`opsbot:${SECRET}`).toString("base64")}`;
  assert.ok(device.authorizations.includes(basic));

  const connector = await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" });
  assert.equal(connector.body.status, "ok");
  const stats = (await request(h, "GET", "/addons", { as: "viewer" })).body.items[0].stats;
  assert.equal(stats.polls, 1);
  assert.ok(stats.capabilityCalls >= 1);
});

test("the sandbox saw the config but never the secret; no API answer, table or log holds it", async () => {
  const alert = (await request(h, "GET", "/alerts", { as: "viewer" })).body.items[0];
  const seen = JSON.parse(alert.message) as { config: Record<string, unknown>; keys: string[]; globals: string[] };
  assert.equal(seen.config.username, "opsbot", "the addon sees its non-secret config");
  assert.equal(seen.config.password, undefined);
  assert.deepEqual(seen.globals, []);
  const answers = [
    await request(h, "GET", "/connectors", { as: "viewer" }),
    await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" }),
    await request(h, "GET", "/alerts", { as: "viewer" }),
    await request(h, "GET", `/alerts/${alert.id}`, { as: "viewer" }),
    await request(h, "GET", "/addons", { as: "viewer" }),
    await request(h, "GET", "/scheduler/runs", { as: "viewer" }),
  ];
  assert.ok(!everywhere(...answers).includes(SECRET), "the secret leaked");
  for (const file of ["opsconductor.db", "opsconductor.db-wal"]) {
    if (existsSync(join(h.dataDir, file))) assert.ok(!readFileSync(join(h.dataDir, file)).includes(SECRET), `${file} holds the secret in clear`);
  }
});

test("PUT keeps an omitted sensitive field, re-creates the instance, and test works on it", async () => {
  const updated = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: {
    name: "Probe (north)", config: { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", site: "north" },
  } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.deepEqual(updated.body.sensitive_fields_set, ["password"]);
  assert.equal(updated.body.config.site, "north");
  assert.ok(!JSON.stringify(updated.body).includes(SECRET));

  const tested = await request(h, "POST", `/connectors/${connectorId}/test`, { as: "operator" });
  assert.deepEqual(tested.body, { ok: true, message: "reachable" });
  const run = await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  assert.equal(run.body.status, "ok");
  const alert = (await request(h, "GET", "/alerts", { as: "viewer" })).body.items[0];
  assert.equal(alert.metrics.site, "north", "the new config reached the sandbox");

  const cleared = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: {
    config: { targets: [{ host: "127.0.0.1", port: device.port }], username: "opsbot", password: null },
  } });
  assert.equal(cleared.status, 400, "null clears the password, which is required");
  assert.equal(cleared.body.error.code, "CONNECTOR_CONFIG_INVALID");
});

test("a new value in the config's poll-interval field reschedules the poll; an explicit poll_interval_s wins", async () => {
  const config = { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "Device 1" }], username: "opsbot", site: "north" };
  const pollJob = async () => (await request(h, "GET", "/scheduler/jobs?owner=addon:acme.probe", { as: "viewer" })).body.items
    .find((job: { kind: string }) => job.kind === "connector.poll") as { interval_s: number };
  const fromConfig = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { config: { ...config, poll_interval_s: 300 } } });
  assert.equal(fromConfig.body.poll_interval_s, 300, JSON.stringify(fromConfig.body));
  assert.equal((await pollJob()).interval_s, 300);
  const explicit = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { poll_interval_s: 60, config: { ...config, poll_interval_s: 300 } } });
  assert.equal(explicit.body.poll_interval_s, 60);
  assert.equal(explicit.body.config.poll_interval_s, 60, "the config's field and the interval are one setting");
  // A config without the field keeps the interval the connector has, and shows it.
  const kept = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { name: "Probe (north)", config } });
  assert.deepEqual([kept.body.poll_interval_s, kept.body.config.poll_interval_s], [60, 60]);
  assert.equal((await pollJob()).interval_s, 60);
  // Below the API's 10 s floor the body itself is refused.
  const tooFast = await request(h, "PUT", `/connectors/${connectorId}`, { as: "operator", body: { poll_interval_s: 5 } });
  assert.deepEqual([tooFast.status, tooFast.body.error.code], [400, "VALIDATION_FAILED"]);
});

test("an admin's mapping edit reaches the running normalizer without a restart", async () => {
  const row = h.db.prepare("SELECT id FROM severity_mappings WHERE connector_type = 'acme.probe' AND alert_type = 'link_down'").get() as { id: number };
  const edit = await request(h, "PUT", `/mappings/severity/${row.id}`, { body: { connector_type: "acme.probe", alert_type: "link_down", severity: "critical" } });
  assert.equal(edit.status, 200);
  assert.equal((await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" })).body.status, "ok");
  assert.equal((await request(h, "GET", "/alerts", { as: "viewer" })).body.items[0].severity, "critical");
});

test("the manifest's device_sync schedule runs the addon's syncDevices into /devices", async () => {
  const run = await h.scheduler.runNow("jobs.run:addon:acme.probe/inventory");
  assert.equal(run.status, "ok", JSON.stringify(run));
  assert.deepEqual(run.result, { connectors: 1, devices: 1, failed: [] });
  const devices = await request(h, "GET", "/devices", { as: "viewer" });
  assert.equal(devices.body.items[0].name, "Device 1");
  assert.equal(devices.body.items[0].vendor, "Acme");
});

test("DELETE /connectors/:id aborts a poll in flight instead of storing it, stops it, removes its poll job and resolves its open alerts", async () => {
  const unresolved = () => h.db.prepare("SELECT id FROM alerts WHERE connector_id = ? AND status <> 'resolved'").all(connectorId) as Array<{ id: number }>;
  const open = unresolved();
  assert.ok(open.length > 0, "it has open alerts to resolve");
  device.delayMs = 8_000;
  const polling = request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = performance.now();
  const deleted = await request(h, "DELETE", `/connectors/${connectorId}`, { as: "operator" });
  assert.ok(performance.now() - started < 4_000, "the poll in flight was not waited for");
  device.delayMs = 0;
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body.resolved_alerts, open.length);
  assert.equal((await polling).body.status, "interrupted");
  assert.deepEqual(unresolved(), [], "nothing left open that nothing would ever clear");
  const event = h.db.prepare("SELECT actor, details_json FROM alert_events WHERE alert_id = ? AND kind = 'resolved'").get(open[0]!.id) as { actor: string; details_json: string };
  assert.equal(event.actor, "user:operator");
  assert.match(event.details_json, /connector deleted/);
  const jobs = (await request(h, "GET", "/scheduler/jobs?kind=connector.poll", { as: "viewer" })).body.items;
  assert.deepEqual(jobs, []);
  assert.equal((await request(h, "GET", `/connectors/${connectorId}`, { as: "viewer" })).status, 404);
});
