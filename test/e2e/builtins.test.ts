// The built-in addons end to end through the real daemon: built, signed and packed by
// scripts/build/addons.ts into a temp dir, installed by startDaemon at start, configured over
// the REST API against the device simulators (PRTG over HTTPS, Cisco ASA over SSH, Eaton UPS
// over SNMP), fed real SNMP traps and v3 informs, and JSON webhook deliveries; every check reads
// the REST API.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import type { DaemonConfig } from "../../host/src/config/schema.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../sim/prtg/prtg-simulator.ts";
import type { SimSensor } from "../sim/prtg/prtg-data.ts";
import { startAsaSimulator, type AsaSimulator } from "../sim/asa/asa-simulator.ts";
import { asaOutputs, INTERFACES_DMZ_DOWN, INTERFACES_UP } from "../sim/asa/outputs/index.ts";
import { HEALTHY_UPS, ON_BATTERY, startEatonUps, type EatonUpsSimulator } from "../sim/eaton-ups/eaton-ups.ts";
import { notifications } from "../sim/traps/notifications.ts";
import { sendInform, type SenderCredentials } from "../sim/traps/trap-sender.ts";
import { apiClient } from "../support/api-client.ts";

const PASSHASH = "7012345678";
const ASA = { username: "netops", password: "ssh-pw-Hx7", enablePassword: "enable-pw-Q2" };
const UPS_COMMUNITY = "ups-ro-7f3";
const TRAP_COMMUNITY = "e2e-tr4p";
/** The traps instance's SNMPv3 user (authPriv, the config schema's default protocols: SHA and AES). */
const TRAP_V3 = { name: "e2e-trapper", authKey: "e2e-auth-k3y", privKey: "e2e-priv-k3y" };

const root = mkdtempSync(join(tmpdir(), "oc-e2e-"));
const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false };
let daemon: Daemon;
let token: string;
let prtg: PrtgSimulator;
let asa: AsaSimulator;
let asaState: Record<string, string>;
let ups: EatonUpsSimulator;
const ids: Record<"prtg" | "asa" | "ups" | "traps", string> = { prtg: "", asa: "", ups: "", traps: "" };

interface Alert {
  id: string; alert_type: string; status: string; stale: boolean; severity: string; category: string; priority: string | null;
  priority_reason: string; resource: string | null; target: string | null; occurrence_count: number;
  device_ip: string | null; device_name: string; title: string; connector_id: string; metrics: Record<string, unknown>;
}

const api = apiClient(() => daemon.url, () => token);

async function alertsOf(connector: string, status = "open"): Promise<Alert[]> {
  const answer = await api("GET", `/alerts?connector_id=${connector}&status=${status}&limit=500`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return answer.body.items as Alert[];
}

interface Run { status: string; error_code: string | null; result: { targets_ok: number; targets_failed: number } }

async function poll(connector: string): Promise<Run> {
  const run = await api("POST", `/connectors/${connector}/poll`);
  assert.equal(run.status, 200, JSON.stringify(run.body));
  return run.body;
}

const health = (alerts: Alert[]) => alerts.filter((alert) => alert.alert_type.startsWith("connector_"));
const problems = (alerts: Alert[]) => alerts.filter((alert) => !alert.alert_type.startsWith("connector_"));

function sensor(objid: number, status_raw: number, name: string): SimSensor {
  return {
    objid, sensor: name, status_raw, message: status_raw === 3 ? "OK" : `${name} is not well`, device: "core-sw1", host: "10.20.0.1",
    parentid: 2001, group: "Core", probe: "Local Probe", priority: 3, lastcheck: new Date("2026-03-03T10:00:00Z"),
  };
}

before(async () => {
  const built = await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), log: () => {} });
  assert.deepEqual(built.failed, []);
  prtg = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH });
  prtg.setSensors([sensor(101, 5, "Ping"), sensor(102, 4, "CPU Load"), sensor(103, 3, "Memory"), sensor(104, 10, "Traffic")]);
  asaState = asaOutputs({ "show interface ip brief": INTERFACES_DMZ_DOWN });
  asa = await startAsaSimulator({ ...ASA, hostname: "fw-edge1", outputs: asaState });
  ups = await startEatonUps({ communities: [UPS_COMMUNITY], state: { ...ON_BATTERY } });
  daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: builtins });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  token = daemon.api.services.tokens.create(admin.id, "e2e").token;
});

after(async () => {
  await daemon?.close();
  await prtg?.close();
  await asa?.close();
  await ups?.close();
  rmSync(root, { recursive: true, force: true });
});

test("the daemon installs all five built-ins as core, active", async () => {
  const addons = (await api("GET", "/addons")).body.items as Array<{ id: string; trust_level: string; status: string }>;
  assert.deepEqual(addons.map((addon) => [addon.id, addon.trust_level, addon.status]).sort(), [
    ["opsconductor.cisco-asa", "core", "active"], ["opsconductor.eaton-ups-snmp", "core", "active"], ["opsconductor.prtg", "core", "active"],
    ["opsconductor.snmp-traps", "core", "active"], ["opsconductor.webhook", "core", "active"],
  ]);
});

test("connector instances are created over POST /connectors", async () => {
  const bodies = {
    prtg: { addon_id: "opsconductor.prtg", name: "PRTG", config: {
      targets: [{ id: "prtg-main", host: "127.0.0.1", port: prtg.port, verify_tls: false }], username: "opsbot", passhash: PASSHASH,
    } },
    asa: { addon_id: "opsconductor.cisco-asa", name: "ASA", config: {
      targets: [{ id: "fw1", host: "127.0.0.1", port: asa.port, name: "fw-edge1" }],
      ssh_username: ASA.username, ssh_password: ASA.password, enable_password: ASA.enablePassword,
    } },
    ups: { addon_id: "opsconductor.eaton-ups-snmp", name: "UPS", config: {
      targets: [{ id: "ups1", host: "127.0.0.1", port: ups.port, name: "ups-serverroom" }], snmp_version: "2c", snmp_community: UPS_COMMUNITY,
    } },
    traps: { addon_id: "opsconductor.snmp-traps", name: "Traps", config: {
      targets: [{ id: "sw1", host: "127.0.0.1", name: "access-sw1" }], trap_community: TRAP_COMMUNITY,
      trap_user: TRAP_V3.name, trap_auth_key: TRAP_V3.authKey, trap_priv_key: TRAP_V3.privKey,
    } },
  };
  for (const [key, body] of Object.entries(bodies) as Array<[keyof typeof ids, unknown]>) {
    const created = await api("POST", "/connectors", body);
    assert.equal(created.status, 201, `${key}: ${JSON.stringify(created.body)}`);
    ids[key] = created.body.id;
  }
  // The scheduler polls a new instance once within the first tenth of its interval (jitter): let those
  // first runs finish so the counts below are the test's own polls.
  const pollers = [ids.prtg, ids.asa, ids.ups].map((id) => `connector.poll:${id}`);
  for (let i = 0; ; i++) {
    const runs = (await api("GET", "/scheduler/runs?limit=50")).body.items as Array<{ job_key: string; finished_at: string | null }>;
    if (pollers.every((key) => runs.some((run) => run.job_key === key && run.finished_at))) break;
    assert.ok(i < 1200, "the scheduler's first polls did not happen");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});

test("PRTG: the sensors that are wrong become alerts with severity, category and priority; repeats dedup", async () => {
  assert.equal((await poll(ids.prtg)).status, "ok");
  let open = await alertsOf(ids.prtg);
  const counts = new Map(open.map((alert) => [alert.resource, alert.occurrence_count]));
  const byResource = new Map(open.map((alert) => [alert.resource, alert]));
  assert.deepEqual([...byResource.keys()].sort(), ["sensor:101", "sensor:102", "sensor:104"], "the Up sensor raises nothing");
  const down = byResource.get("sensor:101")!;
  assert.deepEqual([down.alert_type, down.severity, down.category, down.device_ip], ["sensor_down", "critical", "network", "10.20.0.1"]);
  assert.match(down.priority ?? "", /^P[1-5]$/);
  assert.deepEqual([byResource.get("sensor:102")!.alert_type, byResource.get("sensor:102")!.severity], ["sensor_warning", "warning"]);
  assert.deepEqual([byResource.get("sensor:104")!.alert_type, byResource.get("sensor:104")!.severity], ["sensor_unusual", "minor"]);

  await poll(ids.prtg);
  await poll(ids.prtg);
  open = await alertsOf(ids.prtg);
  assert.equal(open.length, 3, "one open alert per sensor after three polls");
  for (const alert of open) assert.equal(alert.occurrence_count, counts.get(alert.resource)! + 2, `${alert.resource} counted each poll`);
});

test("PRTG: a sensor back Up is cleared at the next poll; a sensor removed from PRTG resolves by absence after the snapshot threshold", async () => {
  const resolution = (alert: Alert) => (alert as Alert & { resolution: string | null }).resolution;
  prtg.setStatus(102, 3, "OK");
  await poll(ids.prtg);
  assert.deepEqual((await alertsOf(ids.prtg)).map((alert) => alert.resource).sort(), ["sensor:101", "sensor:104"], "resolved by its sensor_up clear");
  const cleared = (await alertsOf(ids.prtg, "resolved")).filter((alert) => alert.resource === "sensor:102");
  assert.deepEqual(cleared.map((alert) => [alert.alert_type, resolution(alert)]), [["sensor_warning", "clear"]]);

  prtg.setSensors([sensor(101, 5, "Ping"), sensor(102, 3, "CPU Load"), sensor(103, 3, "Memory"), sensor(104, 10, "Traffic"), sensor(105, 5, "DNS")]);
  await poll(ids.prtg);
  prtg.remove(105);
  await poll(ids.prtg);
  assert.ok((await alertsOf(ids.prtg)).some((alert) => alert.resource === "sensor:105"), "one absent snapshot is not enough");
  await poll(ids.prtg);
  assert.deepEqual((await alertsOf(ids.prtg)).map((alert) => alert.resource).sort(), ["sensor:101", "sensor:104"]);
  const gone = (await alertsOf(ids.prtg, "resolved")).filter((alert) => alert.resource === "sensor:105");
  assert.deepEqual(gone.map(resolution), ["absence"]);
});

test("PRTG: a server answering 500 marks the alerts stale (not resolved) and raises a health alert that clears on recovery", async () => {
  prtg.setFault({ kind: "error", status: 500 });
  try {
    const run = await poll(ids.prtg);
    assert.deepEqual([run.result.targets_ok, run.result.targets_failed], [0, 1], JSON.stringify(run));
    // Reaching none of its targets is a failed run (and a failing connector), with the target's code.
    assert.equal(run.status, "failed", JSON.stringify(run));
    assert.equal(run.error_code, "PRTG_HTTP_ERROR");
    const connector = (await api("GET", `/connectors/${ids.prtg}`)).body;
    assert.deepEqual([connector.status, connector.status_code], ["failing", "PRTG_HTTP_ERROR"]);
    await poll(ids.prtg);
    await poll(ids.prtg);
    const open = await alertsOf(ids.prtg);
    assert.deepEqual(problems(open).map((alert) => [alert.resource, alert.stale]).sort(), [["sensor:101", true], ["sensor:104", true]],
      "failed polls never resolve by absence");
    assert.equal(health(open).length, 1, JSON.stringify(health(open)));
    assert.match(health(open)[0]!.alert_type, /^connector_(unreachable|poll_failed)$/);
  } finally {
    prtg.setFault(null);
  }
  assert.equal((await poll(ids.prtg)).status, "ok");
  const open = await alertsOf(ids.prtg);
  assert.deepEqual(health(open), [], "the health alert clears when the server answers again");
  assert.deepEqual(open.map((alert) => [alert.resource, alert.stale]).sort(), [["sensor:101", false], ["sensor:104", false]]);
});

test("PRTG: a server resetting the connection leads to the same stale + health state", async () => {
  prtg.setFault({ kind: "reset" });
  try {
    const run = await poll(ids.prtg);
    assert.equal(run.result.targets_failed, 1, JSON.stringify(run));
    const open = await alertsOf(ids.prtg);
    assert.ok(problems(open).every((alert) => alert.stale), JSON.stringify(open));
    assert.equal(health(open).length, 1);
  } finally {
    prtg.setFault(null);
  }
  await poll(ids.prtg);
  assert.deepEqual(health(await alertsOf(ids.prtg)), []);
});

test("ASA over SSH: an interface down raises once over repeated polls, goes stale while the firewall is gone, resolves when back up", async () => {
  assert.equal((await poll(ids.asa)).status, "ok");
  const first = (await alertsOf(ids.asa))[0]?.occurrence_count ?? 0;
  for (let i = 0; i < 2; i++) assert.equal((await poll(ids.asa)).status, "ok");
  let open = await alertsOf(ids.asa);
  assert.equal(open.length, 1, JSON.stringify(open.map((alert) => [alert.alert_type, alert.resource])));
  const [down] = open;
  assert.deepEqual([down!.alert_type, down!.severity, down!.category, down!.occurrence_count], ["interface_down", "major", "network", first + 2]);
  // cisco-asa seed: interface_down is major with no template urgency, so urgency high (severity major); 127.0.0.1 is in no
  // inventory, so impact medium (the default); the seed's priority row medium/high is P2.
  assert.deepEqual([down!.priority, down!.priority_reason],
    ["P2", "P2 because impact medium (device 127.0.0.1 not in inventory, default) × urgency high (severity major)"]);

  // The firewall goes away (simulator closed): the alert goes stale, never resolved, and the instance raises its health alert.
  await asa.close();
  const failed = await poll(ids.asa);
  assert.deepEqual([failed.result.targets_ok, failed.result.targets_failed], [0, 1], JSON.stringify(failed));
  await poll(ids.asa);
  open = await alertsOf(ids.asa);
  assert.deepEqual(problems(open).map((alert) => [alert.id, alert.stale]), [[down!.id, true]]);
  assert.deepEqual(health(open).map((alert) => [alert.alert_type, alert.target]), [["connector_unreachable", "fw1"]]);
  // It comes back (a new simulator: a new port, given over PUT /connectors/:id; the secrets are kept).
  asa = await startAsaSimulator({ ...ASA, hostname: "fw-edge1", outputs: asaState });
  const updated = await api("PUT", `/connectors/${ids.asa}`, { config: {
    targets: [{ id: "fw1", host: "127.0.0.1", port: asa.port, name: "fw-edge1" }], ssh_username: ASA.username,
  } });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  assert.equal((await poll(ids.asa)).result.targets_ok, 1);
  open = await alertsOf(ids.asa);
  assert.deepEqual(open.map((alert) => [alert.id, alert.stale]), [[down!.id, false]], "the health alert cleared, the same alert fresh again");

  asaState["show interface ip brief"] = INTERFACES_UP;
  assert.equal((await poll(ids.asa)).status, "ok");
  await poll(ids.asa);
  open = await alertsOf(ids.asa);
  assert.deepEqual(open, []);
  const resolved = await alertsOf(ids.asa, "resolved");
  assert.deepEqual(problems(resolved).map((alert) => alert.id), [down!.id]);
  assert.deepEqual(health(resolved).map((alert) => alert.alert_type), ["connector_unreachable"]);
});

test("Eaton UPS over SNMP: on battery raises a power alert that clears when utility power returns", async () => {
  await poll(ids.ups);
  const first = (await alertsOf(ids.ups)).find((alert) => alert.alert_type === "on_battery")?.occurrence_count ?? 0;
  await poll(ids.ups);
  const open = await alertsOf(ids.ups);
  const onBattery = open.filter((alert) => alert.alert_type === "on_battery");
  assert.equal(onBattery.length, 1, JSON.stringify(open.map((alert) => alert.alert_type)));
  assert.deepEqual([onBattery[0]!.severity, onBattery[0]!.category, onBattery[0]!.occurrence_count], ["major", "power", first + 1]);
  // eaton-ups-snmp seed: on_battery's template sets urgency high (it wins over the severity's); 127.0.0.1 is in no
  // inventory, so impact medium (the default); the seed's priority row medium/high is P2.
  assert.deepEqual([onBattery[0]!.priority, onBattery[0]!.priority_reason],
    ["P2", "P2 because impact medium (device 127.0.0.1 not in inventory, default) × urgency high (template for on_battery)"]);
  ups.set({ ...HEALTHY_UPS });
  await poll(ids.ups);
  await poll(ids.ups);
  assert.deepEqual((await alertsOf(ids.ups)).map((alert) => alert.alert_type), []);
  assert.ok((await alertsOf(ids.ups, "resolved")).some((alert) => alert.id === onBattery[0]!.id));
});

test("Eaton UPS, no /poll: the scheduler's own timer polls, sees the UPS on battery again and keeps the interval", async () => {
  interface JobRun { id: number; trigger: string; status: string; started_at: string; finished_at: string | null }
  const key = `connector.poll:${ids.ups}`;
  const runsOf = async () => (await api("GET", `/scheduler/runs?job_key=${encodeURIComponent(key)}&limit=20`)).body.items as JobRun[];
  ups.set({ ...ON_BATTERY });
  // Any run newer than these polled the UPS on battery.
  const lastRun = (await runsOf())[0]?.id ?? 0;
  const lastPoll = (await api("GET", `/connectors/${ids.ups}`)).body.last_poll_at as string;
  // A new interval is a new schedule: the first run comes within its first tenth (≤ 1 s of 10 s, the API's minimum), then every 10 s ± 10 %.
  const updated = await api("PUT", `/connectors/${ids.ups}`, { poll_interval_s: 10 });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));
  let runs: JobRun[] = [];
  for (let i = 0; ; i++) {
    runs = (await runsOf()).filter((run) => run.id > lastRun);
    if (runs.some((run) => run.finished_at)) break;
    assert.ok(i < 200, "the scheduler did not poll on its own within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const run = runs.find((each) => each.finished_at)!;
  assert.deepEqual([run.trigger, run.status], ["schedule", "ok"], JSON.stringify(runs));
  assert.ok(runs.every((each) => each.trigger === "schedule"), "nothing but the scheduler ran it");
  assert.ok((await api("GET", `/connectors/${ids.ups}`)).body.last_poll_at > lastPoll, "the connector's last_poll_at advanced");
  const open = (await alertsOf(ids.ups)).filter((alert) => alert.alert_type === "on_battery");
  assert.deepEqual(open.map((alert) => [alert.severity, alert.category, alert.priority, alert.occurrence_count]), [["major", "power", "P2", 1]],
    "a new on_battery alert, opened by the scheduled poll");
  const job = ((await api("GET", "/scheduler/jobs?kind=connector.poll")).body.items as Array<{ key: string; interval_s: number; next_run_at: string }>)
    .find((each) => each.key === key);
  assert.equal(job?.interval_s, 10, JSON.stringify(job));
  const gap = Date.parse(job!.next_run_at) - Date.parse(run.started_at);
  assert.ok(gap >= 8_900 && gap <= 11_100, `the next run is one interval (10 s ± 10 %) after this one, not ${gap} ms`);
});

test("Debian's snmptrap: linkDown then linkUp for ifIndex 3 opens then resolves exactly one alert", async (t) => {
  if (!existsSync("/usr/bin/snmptrap")) {
    t.skip("/usr/bin/snmptrap is absent (apt-get install snmp)");
    return;
  }
  const traps = (await api("GET", "/traps")).body as { port: number; listening: boolean };
  assert.ok(traps.listening && traps.port > 0, JSON.stringify(traps));
  const send = (oid: string) => promisify(execFile)("/usr/bin/snmptrap",
    ["-v", "2c", "-c", TRAP_COMMUNITY, `udp:127.0.0.1:${traps.port}`, "", oid, "1.3.6.1.2.1.2.2.1.1.3", "i", "3"]);
  const until = async (check: (alerts: Alert[]) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      const all = [...await alertsOf(ids.traps), ...await alertsOf(ids.traps, "resolved")];
      if (check(all)) return all;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  await send("1.3.6.1.6.3.1.1.5.3");
  const opened = await until((all) => all.some((alert) => alert.alert_type === "link_down"), "the link_down alert");
  assert.deepEqual(opened.map((alert) => [alert.alert_type, alert.status, alert.resource, alert.severity, alert.category, alert.priority]),
    [["link_down", "open", "ifIndex:3", "major", "network", "P2"]]);
  // snmp-traps seed: link_down is major, category from the "*" row (network), and its template sets no urgency, so urgency
  // high (severity major) × impact medium (the trap's source, 127.0.0.1, is in no inventory) → the seed's row medium/high, P2.
  assert.equal(opened[0]!.priority_reason, "P2 because impact medium (device 127.0.0.1 not in inventory, default) × urgency high (severity major)");
  await send("1.3.6.1.6.3.1.1.5.4");
  const done = await until((all) => all.every((alert) => alert.status === "resolved"), "the link_up clear");
  assert.equal(done.length, 1, "the clear resolves, it opens nothing");
  assert.equal(done[0]!.id, opened[0]!.id);
});

test("SNMPv3 informs (authPriv): acknowledged and alerted, linkUp resolves; a wrong key or user is not acknowledged and creates nothing", async () => {
  const stats = async () => (await api("GET", "/traps")).body as { port: number; listening: boolean; received: number; rejected: number };
  const start = await stats();
  assert.ok(start.listening && start.port > 0, JSON.stringify(start));
  const to = { port: start.port, timeoutMs: 400 };
  const v3 = (user: Partial<typeof TRAP_V3> = {}): SenderCredentials => ({ version: "v3", user: { ...TRAP_V3, ...user } });
  const ofIfIndex = async (ifIndex: number) => [...await alertsOf(ids.traps), ...await alertsOf(ids.traps, "resolved")]
    .filter((alert) => alert.resource === `ifIndex:${ifIndex}`);
  const until = async (ifIndex: number, check: (alerts: Alert[]) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      const alerts = await ofIfIndex(ifIndex);
      if (check(alerts)) return alerts;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  // Not acknowledged: no Response comes. Today a wrong key fails the digest (or the decryption) and is dropped, so both
  // tries time out; an unknown user gets a usmStatsUnknownUserNames Report. Either way the sender sees a failure.
  const unacknowledged = (error: Error) => ["RequestTimedOutError", "ResponseInvalidError"].includes(error.name);
  await assert.rejects(sendInform(to, v3({ authKey: "not-the-auth-key" }), notifications.linkDown(8)), unacknowledged);
  await assert.rejects(sendInform(to, v3({ privKey: "not-the-priv-key" }), notifications.linkDown(8)), unacknowledged);
  await assert.rejects(sendInform(to, v3({ name: "mallory" }), notifications.linkDown(8)), unacknowledged);
  const refused = await stats();
  assert.equal(refused.received, start.received, "no refused inform reached the trap service");
  assert.ok(refused.rejected > start.rejected, "the wrong-key informs are counted as rejected (GET /traps)");

  await sendInform(to, v3(), notifications.linkDown(7));
  const [opened, ...more] = await until(7, (alerts) => alerts.length > 0, "the link_down alert of the v3 inform");
  assert.deepEqual(more, []);
  assert.deepEqual([opened!.alert_type, opened!.status, opened!.severity, opened!.category, opened!.priority, opened!.device_name],
    ["link_down", "open", "major", "network", "P2", "access-sw1"]);
  assert.equal(opened!.metrics.snmp_version, "v3");
  assert.deepEqual(await ofIfIndex(8), [], "the refused informs created nothing");
  await sendInform(to, v3(), notifications.linkUp(7));
  const done = await until(7, (alerts) => alerts.every((alert) => alert.status === "resolved"), "the v3 linkUp clear");
  assert.deepEqual(done.map((alert) => alert.id), [opened!.id], "the clear resolves the one alert, it opens nothing");
  assert.equal((await stats()).received, start.received + 2);
});

test("Generic webhook: JSON events POSTed to /webhooks/:id become alerts, repeats dedup, a resolved event clears, a wrong token is refused", async () => {
  const created = await api("POST", "/connectors", { addon_id: "opsconductor.webhook", name: "Webhook", config: {} });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as string;
  const hookToken = created.body.webhook_token as string;
  assert.deepEqual(created.body.webhook, { path: `/api/v1/webhooks/${id}`, token_set: true, in_progress: 0, refused_busy: 0 });
  const deliver = async (body: unknown, bearer = hookToken) => {
    const response = await fetch(`${daemon.url}/api/v1/webhooks/${id}`, {
      method: "POST", headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" }, body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() as any };
  };

  // A type the seed does not map: the sender's severity decides (and "resolved" clears it). Category: the seed's "*" row;
  // priority: impact medium (no inventory record) × urgency high (severity critical) = P2 in the seed's matrix.
  const diskFull = { alert_type: "disk_full", device_ip: "10.1.2.3", device_name: "nas1", severity: "critical", resource: "/vol1", message: "95% used" };
  const first = await deliver(diskFull);
  assert.equal(first.status, 202, JSON.stringify(first.body));
  assert.deepEqual([first.body.alerts, first.body.ingest.created], [1, 1]);
  let open = await alertsOf(id);
  assert.equal(open.length, 1, JSON.stringify(open));
  const diskId = open[0]!.id;
  assert.deepEqual([open[0]!.alert_type, open[0]!.severity, open[0]!.category, open[0]!.priority, open[0]!.priority_reason, open[0]!.resource],
    ["disk_full", "critical", "application", "P2",
      "P2 because impact medium (device 10.1.2.3 not in inventory, default) × urgency high (severity critical)", "/vol1"]);

  const again = await deliver(diskFull);
  assert.deepEqual([again.status, again.body.ingest.created, again.body.ingest.deduplicated], [202, 0, 1]);
  open = await alertsOf(id);
  assert.deepEqual(open.map((alert) => [alert.id, alert.occurrence_count]), [[diskId, 2]], "the same event again repeats the one alert");

  // A type the seed maps ("test": info, template urgency low): its row's severity wins over the sender's critical, and an
  // info row makes a notice, stored already resolved; impact medium × urgency low = P4.
  const delivered = await deliver({ alert_type: "test", device_ip: "10.1.2.4", device_name: "app1", severity: "critical" });
  assert.equal(delivered.body.ingest.notices, 1, JSON.stringify(delivered.body));
  const [alert, ...others] = (await alertsOf(id, "resolved")).filter((each) => each.alert_type === "test");
  assert.deepEqual(others, []);
  assert.deepEqual([alert!.severity, alert!.category, alert!.priority, alert!.priority_reason],
    ["info", "application", "P4", "P4 because impact medium (device 10.1.2.4 not in inventory, default) × urgency low (template for test)"]);

  const everything = async () => [...await alertsOf(id), ...await alertsOf(id, "resolved")].map((each) => [each.id, each.occurrence_count]);
  const known = await everything();
  const refused = await deliver({ ...diskFull, resource: "/vol2" }, "ocw_not-the-token");
  assert.deepEqual([refused.status, refused.body?.error?.code], [401, "WEBHOOK_TOKEN_INVALID"], JSON.stringify(refused.body));
  assert.deepEqual(await everything(), known, "a refused delivery creates or counts nothing");

  const cleared = await deliver({ ...diskFull, severity: "resolved", message: "70% used" });
  assert.deepEqual([cleared.status, cleared.body.ingest.resolved], [202, 1]);
  assert.ok(!(await alertsOf(id)).some((alert) => alert.alert_type === "disk_full"), "resolved");
  const resolved = (await alertsOf(id, "resolved")).filter((alert) => alert.alert_type === "disk_full");
  assert.deepEqual(resolved.map((alert) => [alert.id, alert.severity, alert.occurrence_count]), [[diskId, "critical", 2]]);
});
