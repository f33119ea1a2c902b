// The addon as it ships: the esbuild bundle `oc-addon build` makes, run in the isolate runtime
// against the PRTG simulator through the broker, its alerts ingested by the AlertManager with
// the seeded mappings — which is where "one sensor, one alert" is decided.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { parseSeedMappings, seedToMappingSnapshot, type Logger, type Target } from "@opsconductor/sdk";
import { bundleAddon } from "../../../sdk/src/cli/bundle-addon.ts";
import { applySeedMappings } from "../../../host/src/addons/seed-mappings.ts";
import { AlertManager } from "../../../host/src/alerts/manager.ts";
import { addConnector } from "../../../host/src/alerts/testdata/fixtures.ts";
import { createBroker, SqliteConnectorStateStore, type Broker } from "../../../host/src/broker/index.ts";
import { createIsolateRuntime } from "../../../host/src/runtime/index.ts";
import type { PollOutput } from "../../../host/src/runtime/types.ts";
import { openDatabase, type Db } from "../../../host/src/store/database.ts";
import { ManualClock } from "../../../host/src/util/clock.ts";
import { startPrtgSimulator, type PrtgSimulator } from "../../../test/sim/prtg/prtg-simulator.ts";
import type { SimSensor } from "../../../test/sim/prtg/prtg-data.ts";

const ADDON_DIR = fileURLToPath(new URL("../", import.meta.url));
const ID = "opsconductor.prtg";
const PASSHASH = "5550001234";
const seed = parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url)));
const runtime = createIsolateRuntime();
let prtg: PrtgSimulator;
let db: Db;
let broker: Broker;

function sensor(objid: number, status: number, name: string): SimSensor {
  return {
    objid, sensor: name, status_raw: status, message: `${name}: state ${status}`, device: "edge-fw", host: "10.9.0.1", parentid: 50,
    group: "Edge", probe: "Local Probe", priority: 4, lastcheck: new Date("2026-02-01T10:00:00.000Z"),
  };
}

before(async () => {
  prtg = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH });
  db = openDatabase(":memory:");
  const targets: Target[] = [{ id: "prtg-main", name: "PRTG main", host: "127.0.0.1", port: prtg.port, scheme: "https", verify_tls: false }];
  const config = { auth_method: "passhash", username: "opsbot", options: { report_paused: false } };
  const quiet = () => undefined;
  const logger: Logger = { debug: quiet, info: quiet, warn: quiet, error: quiet };
  broker = createBroker({
    instanceId: "prtg-1", addonId: ID, permissions: ["http"], targets, config, secrets: { passhash: PASSHASH },
    stateStore: new SqliteConnectorStateStore(db), logger, limits: { timeoutMs: 2_000, maxResponseBytes: 8 << 20, callsPerOperation: 200 },
  });
  const { code } = await bundleAddon(ADDON_DIR, "src/index.ts");
  await runtime.load({ id: ID, version: "1.0.0", bundleCode: code, runtime: "isolate", trust: "core" });
  await runtime.createInstance("prtg-1", {
    addon: { id: ID, version: "1.0.0" }, config, targets, mappings: seedToMappingSnapshot(ID, seed), capabilities: broker.capabilities,
  });
});
after(async () => {
  await runtime.close();
  await broker.close();
  db.close();
  await prtg.close();
});

test("the bundle polls in the isolate: alerts with the seed's severities and the sensor in the title; failures keep their PRTG code", async () => {
  prtg.setSensors([sensor(701, 5, "Ping"), sensor(702, 4, "CPU Load"), sensor(703, 13, "HTTPS"), sensor(704, 3, "Uptime"), sensor(705, 8, "DNS")]);
  const output = await runtime.poll("prtg-1", { deadlineMs: 10_000 });
  assert.equal(output.connectorType, ID);
  assert.deepEqual(output.targets, [{ id: "prtg-main", ok: true }]);
  assert.equal(output.snapshot, true);
  assert.deepEqual(output.alerts.map((a) => [a.resource, a.alert_type, a.role, a.severity, a.category, a.title]), [
    ["sensor:701", "sensor_down", "problem", "critical", "network", "edge-fw: Ping is Down"],
    ["sensor:702", "sensor_warning", "problem", "warning", "network", "edge-fw: CPU Load is Warning"],
    ["sensor:703", "sensor_down_acknowledged", "problem", "critical", "network", "edge-fw: HTTPS is Down (Acknowledged)"],
  ]);
  assert.equal(output.alerts[0]!.target, "prtg-main");
  assert.ok(prtg.requests.every((r) => r.auth === "passhash"));

  prtg.setFault({ kind: "unauthorized" });
  const refused = await runtime.poll("prtg-1");
  assert.equal(refused.targets[0]!.code, "PRTG_AUTH_FAILED", "a broker answer crossed the sandbox and was classified inside it");
  const tested = await runtime.testConnection("prtg-1");
  assert.deepEqual([tested.ok, tested.code], [false, "PRTG_AUTH_FAILED"]);
  prtg.setFault(null);
  assert.equal((await runtime.syncDevices("prtg-1"))[0]!.external_id, "prtg-main:50");
});

test("one sensor is one alert: Warning → Down changes its severity, Down → Up resolves it by the clear at the next poll, a removed sensor by absence", async () => {
  const clock = new ManualClock("2026-02-01T10:00:00.000Z");
  const alertsDb = openDatabase(":memory:");
  try {
    addConnector(alertsDb, "prtg-1", ID);
    applySeedMappings(alertsDb, ID, seed, new Date(clock.now()).toISOString());
    const manager = new AlertManager(alertsDb, { clock });
    const ingest = (output: PollOutput) => {
      clock.advance(60_000);
      return manager.ingestPoll({ connectorId: "prtg-1", connectorType: ID, alerts: output.alerts, snapshot: output.snapshot, targets: output.targets });
    };
    const rows = (objid: number) => alertsDb.prepare("SELECT status, alert_type, severity, title, resolution, occurrence_count FROM alerts WHERE resource = ?").all(`sensor:${objid}`);
    const kinds = (objid: number) => alertsDb.prepare("SELECT e.kind FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.resource = ? ORDER BY e.id")
      .all(`sensor:${objid}`).map((e) => (e as { kind: string }).kind);

    prtg.setSensors([sensor(801, 4, "Ping"), sensor(802, 5, "HTTP"), sensor(803, 5, "DNS")]);
    ingest(await runtime.poll("prtg-1"));
    prtg.setStatus(801, 5);
    ingest(await runtime.poll("prtg-1"));
    assert.deepEqual(rows(801), [{ status: "open", alert_type: "sensor_down", severity: "critical", title: "edge-fw: Ping is Down", resolution: null, occurrence_count: 2 }]);
    assert.deepEqual(kinds(801), ["created", "severity_changed"]);

    // Up: the next poll rechecks it by objid and its clear resolves the alert at once, not after two absent polls.
    prtg.setStatus(801, 3, "OK");
    const recovered = await runtime.poll("prtg-1");
    assert.deepEqual(recovered.alerts.filter((a) => a.role === "clear").map((a) => [a.resource, a.alert_type, a.severity, a.title]),
      [["sensor:801", "sensor_up", "clear", "edge-fw: Ping is Up"]]);
    const cleared = ingest(recovered);
    assert.equal(cleared.resolvedByAbsence, 0);
    assert.deepEqual(rows(801), [{ status: "resolved", alert_type: "sensor_down", severity: "critical", title: "edge-fw: Ping is Down", resolution: "clear", occurrence_count: 2 }]);

    // Removed from PRTG: the recheck finds nothing, so absence resolves it after the threshold (two polls).
    prtg.remove(803);
    ingest(await runtime.poll("prtg-1"));
    assert.deepEqual(rows(803).map((row) => (row as { status: string }).status), ["open"], "one absent snapshot is not enough");
    const absent = ingest(await runtime.poll("prtg-1"));
    assert.equal(absent.resolvedByAbsence, 1);
    assert.deepEqual(rows(803).map((row) => [(row as { status: string }).status, (row as { resolution: string }).resolution]), [["resolved", "absence"]]);

    assert.deepEqual(rows(801).length, 1, "no new alert from the clear or later polls");
    const other = alertsDb.prepare("SELECT status FROM alerts WHERE resource = 'sensor:802'").get();
    assert.deepEqual(other, { status: "open" }, "the other sensor's alert is its own");
  } finally {
    alertsDb.close();
  }
});
