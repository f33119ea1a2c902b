// The real EatonUpsConnector against the Eaton UPS simulator (test/sim/eaton-ups) through the real
// capability broker, over SNMP v2c and v3 (authPriv): a power event unfolding poll after poll.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseSeedMappings, seedToMappingSnapshot, type Ctx, type PollResult, type Target } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore } from "../../../host/src/broker/index.ts";
import { createIsolateRuntime } from "../../../host/src/runtime/isolate/isolate-runtime.ts";
import { buildAddonBundle } from "../../../host/src/runtime/test-support/build-addon.ts";
import { openDatabase } from "../../../host/src/store/database.ts";
import { ManualClock } from "../../../host/src/util/clock.ts";
import {
  BATTERY_LOW, HEALTHY_UPS, ON_BATTERY, startEatonUps, UPS_MIB, UPS_MIB_ALARMS, XUPS, XUPS_ALARMS, type EatonUpsSimulator,
} from "../../../test/sim/eaton-ups/eaton-ups.ts";
import { startSnmpAgent } from "../../../test/sim/snmp-agent/snmp-agent.ts";
import { EatonUpsConnector } from "./connector.ts";
import { EatonUpsNormalizer } from "./normalizer.ts";

const COMMUNITY = "ups-ro-7f3";
const USER = { name: "opsbot", authProtocol: "sha" as const, authKey: "auth-key-8c1d", privProtocol: "aes" as const, privKey: "priv-key-2b9e" };
const NOW = "2026-03-03T02:10:00.000Z";
const SEED = seedToMappingSnapshot("opsconductor.eaton-ups-snmp", parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url))));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const CREDENTIALS = {
  v2c: { config: { snmp_version: "2c" }, secrets: { snmp_community: COMMUNITY } },
  v3: { config: { snmp_version: "3", snmp_user: USER.name }, secrets: { snmp_auth_key: USER.authKey, snmp_priv_key: USER.privKey } },
};

async function simulator(t: TestContext): Promise<EatonUpsSimulator> {
  const ups = await startEatonUps({ communities: [COMMUNITY], users: [USER] });
  t.after(() => ups.close());
  return ups;
}

/** A connector instance: the real broker over an in-memory database, and the ctx the sandbox would get. */
function instance(t: TestContext, port: number, options: { config?: Record<string, unknown>; secrets?: Record<string, unknown>; timeoutMs?: number } = {}) {
  const db = openDatabase(":memory:");
  const targets: Target[] = [{ id: "ups1", host: "127.0.0.1", port, name: "ups-serverroom" }];
  const config = { ...CREDENTIALS.v2c.config, ...options.config };
  const broker = createBroker({
    instanceId: "ups-1", addonId: "opsconductor.eaton-ups-snmp", permissions: ["snmp"], targets, config,
    secrets: options.secrets ?? CREDENTIALS.v2c.secrets, stateStore: new SqliteConnectorStateStore(db), logger: silent,
    clock: new ManualClock(NOW), limits: { timeoutMs: options.timeoutMs ?? 3000, maxResponseBytes: 1 << 20, callsPerOperation: 20 },
  });
  t.after(async () => {
    await broker.close();
    db.close();
  });
  const ctx: Ctx = { ...broker.capabilities, config, targets };
  const connector = new EatonUpsConnector();
  return {
    connector, ctx, broker,
    poll(): Promise<PollResult> {
      broker.beginOperation();
      return connector.poll(ctx);
    },
  };
}

const summary = (result: PollResult) => result.events.map((event) => `${event.alert_type}${event.resource ? ` ${event.resource}` : ""}`).sort();

for (const version of ["v2c", "v3"] as const) {
  test(`${version}: a mains failure unfolds — on battery, battery low, power back; clears sent once`, async (t) => {
    const ups = await simulator(t);
    const unit = instance(t, ups.port, CREDENTIALS[version]);
    const normalizer = new EatonUpsNormalizer(SEED);

    const healthy = await unit.poll();
    assert.deepEqual(healthy, { events: [], snapshot: true, targets: [{ id: "ups1", ok: true }] });
    assert.equal(unit.broker.stats().pollCalls, 4, "one GET and three walks per UPS");

    ups.set(ON_BATTERY);
    const upsOnBattery = ups.addAlarm("ups", UPS_MIB_ALARMS.onBattery);
    const xupsOnBattery = ups.addAlarm("xups", XUPS_ALARMS.onBattery);
    const outage = await unit.poll();
    assert.deepEqual(summary(outage), ["on_battery"], "the scalar and both alarm rows are one alert");
    assert.deepEqual(outage.events[0], {
      alert_type: "on_battery", device_ip: "127.0.0.1", device_name: "ups-serverroom", target: "ups1", timestamp: NOW,
      metrics: { output_source: "battery", seconds_on_battery: 120, minutes_remaining: 30, charge_percent: 91, alarms: ["upsAlarmOnBattery", "xupsOnBattery"] },
      message: "on battery for 120 s: 30 min remaining, charge 91%",
    });
    assert.equal(normalizer.normalize(outage.events[0]!)?.severity, "major");

    ups.set(BATTERY_LOW);
    const lowAlarm = ups.addAlarm("ups", UPS_MIB_ALARMS.lowBattery);
    const low = await unit.poll();
    assert.deepEqual(summary(low), ["low_battery", "on_battery"]);
    assert.equal(normalizer.normalize(low.events.find((event) => event.alert_type === "low_battery")!)?.severity, "critical");

    ups.set({ ...HEALTHY_UPS, chargePercent: 85, minutesRemaining: 38 });
    for (const [table, id] of [["ups", upsOnBattery], ["xups", xupsOnBattery], ["ups", lowAlarm]] as const) ups.removeAlarm(table, id);
    const restored = await unit.poll();
    assert.deepEqual(summary(restored), ["low_battery_cleared", "on_utility"]);
    assert.deepEqual(restored.events.map((event) => normalizer.normalize(event)!.role), ["clear", "clear"]);
    assert.deepEqual(await unit.poll(), { events: [], snapshot: true, targets: [{ id: "ups1", ok: true }] }, "each clear is sent once");
  });

  test(`${version}: alarm-table rows appear as ups_alarm (resource = alarm OID) and disappear from the snapshot`, async (t) => {
    const ups = await simulator(t);
    const unit = instance(t, ups.port, CREDENTIALS[version]);
    const fan = ups.addAlarm("ups", UPS_MIB_ALARMS.fanFailure);
    ups.addAlarm("xups", XUPS_ALARMS.shutdownImminent);
    const raised = await unit.poll();
    assert.deepEqual(summary(raised), [`ups_alarm ${XUPS_ALARMS.shutdownImminent}`, `ups_alarm ${UPS_MIB_ALARMS.fanFailure}`].sort());
    const fanEvent = raised.events.find((event) => event.resource === UPS_MIB_ALARMS.fanFailure)!;
    assert.deepEqual({ ...fanEvent.metrics, alarm_time: typeof fanEvent.metrics.alarm_time }, {
      alarm: "upsAlarmFanFailure", alarm_oid: UPS_MIB_ALARMS.fanFailure, mib: "UPS-MIB", alarm_id: fan, alarm_time: "number", alarm_severity: "major",
    });
    const severities = raised.events.map((event) => new EatonUpsNormalizer(SEED).normalize(event)!.severity).sort();
    assert.deepEqual(severities, ["critical", "major"]);

    ups.removeAlarm("ups", fan);
    const after = await unit.poll();
    assert.deepEqual(summary(after), [`ups_alarm ${XUPS_ALARMS.shutdownImminent}`], "the fan alarm is no longer in the snapshot: it resolves by absence");
    assert.equal(after.snapshot, true);
  });
}

test("thresholds come from the config: overload and temperatures", async (t) => {
  const ups = await simulator(t);
  ups.set({ loadPercent: 72, batteryTemperature: 33, ambientTemperature: 29 });
  const unit = instance(t, ups.port, { config: { thresholds: { load_percent: 70, battery_temperature_c: 32, ambient_temperature_c: 28 } } });
  assert.deepEqual(summary(await unit.poll()), ["high_temperature ambient", "high_temperature battery", "overload"]);
  ups.set({ loadPercent: 66, batteryTemperature: 31, ambientTemperature: 27 });
  assert.deepEqual(summary(await unit.poll()), ["high_temperature ambient", "high_temperature battery", "overload"],
    "within the hysteresis (5 points of load, 2 °C): still raised");
  ups.set({ loadPercent: 60, batteryTemperature: 29, ambientTemperature: 25 });
  assert.deepEqual(summary(await unit.poll()), ["high_temperature_cleared ambient", "high_temperature_cleared battery", "overload_cleared"]);
});

test("battery fault through the card: checkBattery, then disconnected with a failed self-test, is one battery_fault; back to normal it clears once", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port);
  const normalizer = new EatonUpsNormalizer(SEED);
  assert.deepEqual((await unit.poll()).events, []);

  ups.set({ abmStatus: 8 });
  const check = await unit.poll();
  assert.deepEqual(check.events, [{
    alert_type: "battery_fault", device_ip: "127.0.0.1", device_name: "ups-serverroom", target: "ups1", timestamp: NOW,
    metrics: { abm_status: "checkBattery", battery_test: "passed", alarms: [] }, message: "battery fault: checkBattery",
  }]);
  assert.deepEqual([normalizer.normalize(check.events[0]!)?.role, normalizer.normalize(check.events[0]!)?.severity], ["problem", "major"]);

  ups.set({ abmStatus: 6, testBatteryStatus: 3 });
  const worse = await unit.poll();
  assert.deepEqual(worse.events.map((event) => [event.alert_type, event.message, event.metrics.abm_status, event.metrics.battery_test]), [
    ["battery_fault", "battery fault: batteryDisconnected; battery test failed", "batteryDisconnected", "failed"]], "still one alert, its reasons updated");

  ups.set({ abmStatus: 3 });
  assert.deepEqual((await unit.poll()).events.map((event) => event.message), ["battery fault: battery test failed"], "the failed test alone keeps it open");

  ups.set({ testBatteryStatus: 2 });
  const cleared = await unit.poll();
  assert.deepEqual(cleared.events.map((event) => [event.alert_type, event.message, event.metrics.abm_status]), [["battery_fault_cleared", "battery healthy", "batteryFloating"]]);
  assert.deepEqual([cleared.snapshot, normalizer.normalize(cleared.events[0]!)?.role], [true, "clear"]);
  assert.deepEqual((await unit.poll()).events, [], "the clear is sent once");
});

test("BatteryBad rows of either MIB feed battery_fault (no ups_alarm twin); the rows' removal clears it", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port, CREDENTIALS.v3);
  const rows = [ups.addAlarm("ups", UPS_MIB_ALARMS.batteryBad), ups.addAlarm("xups", XUPS_ALARMS.batteryBad)];
  const raised = await unit.poll();
  assert.deepEqual(summary(raised), ["battery_fault"]);
  assert.deepEqual(raised.events[0]!.metrics.alarms, ["upsAlarmBatteryBad", "xupsAlarmBatteryBad"]);
  assert.equal(raised.events[0]!.message, "battery fault: upsAlarmBatteryBad; xupsAlarmBatteryBad");
  ups.removeAlarm("ups", rows[0]!);
  assert.deepEqual(summary(await unit.poll()), ["battery_fault"], "one row left: still open");
  ups.removeAlarm("xups", rows[1]!);
  assert.deepEqual(summary(await unit.poll()), ["battery_fault_cleared"]);
});

test("a battery under test (ABM 7, self-test in progress) is not a fault", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port);
  ups.set({ abmStatus: 7, testBatteryStatus: 4 });
  assert.deepEqual(await unit.poll(), { events: [], snapshot: true, targets: [{ id: "ups1", ok: true }] });
});

test("a hung agent fails the poll at the call deadline as UPS_UNREACHABLE: no alerts, no clears; answering again, it catches up", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port, { timeoutMs: 600 });
  ups.set(ON_BATTERY);
  assert.deepEqual(summary(await unit.poll()), ["on_battery"]);

  ups.set(HEALTHY_UPS);
  ups.setFault({ kind: "hang" });
  const received = ups.received;
  const started = Date.now();
  const hung = await unit.poll();
  const elapsed = Date.now() - started;
  assert.deepEqual([hung.events, hung.snapshot, hung.targets[0]!.ok, hung.targets[0]!.code], [[], true, false, "UPS_UNREACHABLE"],
    "the power came back meanwhile, but nothing is cleared on a poll that read nothing");
  assert.match(hung.targets[0]!.message!, /did not answer/);
  assert.ok(elapsed >= 550 && elapsed < 3000, `failed after ${elapsed} ms`);
  assert.ok(ups.received > received, "the card got the requests: it is hung, not gone");

  ups.setFault(null);
  assert.deepEqual(summary(await unit.poll()), ["on_utility"]);
});

test("malformed values (wrong type, noSuchObject) raise no bogus alerts: the other MIB's object stands in", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port);
  const faults = [
    // Read naively, an empty string or a missing object is 0: charge 0 %, 0 min remaining, a low_battery.
    { kind: "malformed", oid: `${UPS_MIB}.2.4`, type: "OctetString", value: "" },
    { kind: "malformed", oid: `${UPS_MIB}.2.3` },
    { kind: "malformed", oid: `${UPS_MIB}.2.1`, type: "OctetString", value: "batteryLow" },
    { kind: "malformed", oid: `${UPS_MIB}.4.1`, type: "OctetString", value: "battery" },
  ] as const;
  for (const fault of faults) {
    ups.setFault(fault);
    assert.deepEqual(await unit.poll(), { events: [], snapshot: true, targets: [{ id: "ups1", ok: true }] }, JSON.stringify(fault));
  }

  ups.set(ON_BATTERY);
  const outage = await unit.poll();
  assert.deepEqual(summary(outage), ["on_battery"], "upsOutputSource unreadable: xupsOutputSource still tells");
  assert.equal(outage.events[0]!.metrics.output_source, "battery");
});

test("on battery, then the card stops serving both output sources: on_battery stands (no on_utility) until they are back", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port);
  ups.set(ON_BATTERY);
  assert.deepEqual(summary(await unit.poll()), ["on_battery"]);
  // Power back, but neither upsOutputSource nor xupsOutputSource is served: not known to be on utility power.
  ups.set({ outputSource: HEALTHY_UPS.outputSource });
  ups.setFault({ kind: "malformed", oid: [`${UPS_MIB}.4.1`, `${XUPS}.4.5`] });
  const gap = await unit.poll();
  assert.deepEqual(summary(gap), ["on_battery"], "the problem stands, sent again");
  assert.match(gap.events[0]!.message!, /output source not read/);
  ups.setFault(null);
  assert.deepEqual(summary(await unit.poll()), ["on_utility"], "served again: now it clears");
});

test("an unknown v3 user is UPS_AUTH_FAILED; a wrong community or v3 key gets no answer: UPS_UNREACHABLE", async (t) => {
  const ups = await simulator(t);
  const unknownUser = instance(t, ups.port, { config: { snmp_version: "3", snmp_user: "mallory" }, secrets: CREDENTIALS.v3.secrets });
  // Agents drop a wrong community silently; net-snmp's agent also drops a wrong v3 digest without a Report PDU.
  const wrongCommunity = instance(t, ups.port, { secrets: { snmp_community: "public" }, timeoutMs: 600 });
  const wrongKey = instance(t, ups.port, { ...CREDENTIALS.v3, secrets: { snmp_auth_key: "not-the-key", snmp_priv_key: USER.privKey }, timeoutMs: 600 });
  for (const [unit, code] of [[unknownUser, "UPS_AUTH_FAILED"], [wrongCommunity, "UPS_UNREACHABLE"], [wrongKey, "UPS_UNREACHABLE"]] as const) {
    const result = await unit.poll();
    assert.deepEqual([result.events, result.snapshot, result.targets[0]!.ok, result.targets[0]!.code], [[], true, false, code]);
    assert.ok(!JSON.stringify(result).includes(USER.authKey) && !JSON.stringify(result).includes(COMMUNITY));
  }
  assert.equal((await unknownUser.connector.testConnection(unknownUser.ctx)).code, "UPS_AUTH_FAILED");
});

test("an SNMP agent that is not a UPS is UPS_NOT_SUPPORTED, for polls and connection tests", async (t) => {
  const switchAgent = await startSnmpAgent({ communities: [COMMUNITY], scalars: [{ oid: "1.3.6.1.2.1.1.1", type: "OctetString", value: "Some switch" }] });
  t.after(() => switchAgent.close());
  const unit = instance(t, switchAgent.port);
  assert.equal((await unit.poll()).targets[0]!.code, "UPS_NOT_SUPPORTED");
  const tested = await unit.connector.testConnection(unit.ctx);
  assert.equal(tested.ok, false);
  assert.equal(tested.code, "UPS_NOT_SUPPORTED");
  assert.match(tested.message, /Some switch/);
});

test("testConnection names the UPS model", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port, CREDENTIALS.v3);
  assert.deepEqual(await unit.connector.testConnection(unit.ctx), { ok: true, message: "ups-serverroom: Eaton 9PX 3000i RT3U" });
});

test("the bundle (src/index.ts, as oc-addon build makes it) polls the same inside the isolate runtime", async (t) => {
  const ups = await simulator(t);
  const unit = instance(t, ups.port, CREDENTIALS.v3);
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = { id: "opsconductor.eaton-ups-snmp", version: "1.0.0", runtime: "isolate" as const, trust: "core" as const,
    bundleCode: await buildAddonBundle(new URL("./index.ts", import.meta.url).pathname) };
  await runtime.load(addon);
  await runtime.createInstance("ups-1#1", { addon: { id: addon.id, version: addon.version }, config: unit.ctx.config,
    targets: unit.ctx.targets, mappings: SEED, capabilities: unit.broker.capabilities });
  ups.set(ON_BATTERY);
  ups.addAlarm("ups", UPS_MIB_ALARMS.fanFailure);
  unit.broker.beginOperation();
  const output = await runtime.poll("ups-1#1", { deadlineMs: 10_000 });
  assert.deepEqual(output.targets, [{ id: "ups1", ok: true }]);
  assert.deepEqual(output.alerts.map((alert) => [alert.title, alert.role, alert.severity, alert.category]), [
    ["ups-serverroom: on battery (30 min remaining)", "problem", "major", "power"],
    ["ups-serverroom: UPS alarm upsAlarmFanFailure", "problem", "major", "power"],
  ]);
});
