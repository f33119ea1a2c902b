import { test } from "node:test";
import assert from "node:assert/strict";
import type { AlarmEntry } from "./alarms.ts";
import { servedReadings, upsObservations } from "./checks.ts";
import { eventsOf, type Observation } from "@opsconductor/sdk";
import type { UpsReading } from "./reading.ts";
import { DEFAULT_THRESHOLDS } from "./settings.ts";

const HEALTHY: UpsReading = {
  model: "Eaton 9PX", outputSource: 3, onBatteryByEither: false, batteryStatus: 2, abmStatus: 3, batteryTest: 2, secondsOnBattery: 0,
  minutesRemaining: 42, chargePercent: 100, batteryTemperature: 25, ambientTemperature: 24, loadPercent: 31,
};
const never = (_problem: string, _resource?: string) => false;
const TARGET = { id: "ups1", host: "192.0.2.10", name: "UPS 1" };
const AT = "2026-01-01T00:00:00.000Z";
const alarm = (descr: string, id = 1): AlarmEntry => ({ mib: descr.startsWith("1.3.6.1.2.1.33") ? "UPS-MIB" : "XUPS-MIB", id, descr, time: 100 });
const active = (observations: Observation[]) => observations.filter((o) => o.active).map((o) => (o.resource ? `${o.problem} ${o.resource}` : o.problem));
const observe = (changes: Partial<UpsReading>, alarms: AlarmEntry[] = [], wasActive = never) =>
  upsObservations({ ...HEALTHY, ...changes }, alarms, DEFAULT_THRESHOLDS, wasActive);

test("a healthy UPS: every check observed, none active", () => {
  const observations = observe({});
  assert.deepEqual(observations.map((o) => o.problem), ["on_battery", "low_battery", "battery_fault", "overload", "high_temperature", "high_temperature"]);
  assert.deepEqual(active(observations), []);
});

const cases: Array<{ name: string; changes: Partial<UpsReading>; alarms?: AlarmEntry[]; active: string[] }> = [
  { name: "on battery by output source", changes: { outputSource: 5, onBatteryByEither: true }, active: ["on_battery"] },
  { name: "on battery by alarm row only", changes: {}, alarms: [alarm("1.3.6.1.4.1.534.1.7.3")], active: ["on_battery"] },
  { name: "battery low by status", changes: { batteryStatus: 3 }, active: ["low_battery"] },
  { name: "battery depleted", changes: { batteryStatus: 4 }, active: ["low_battery"] },
  { name: "runtime under 5 min", changes: { minutesRemaining: 4 }, active: ["low_battery"] },
  { name: "charge under 20 %", changes: { chargePercent: 19 }, active: ["low_battery"] },
  { name: "battery disconnected", changes: { abmStatus: 6 }, active: ["battery_fault"] },
  { name: "check battery", changes: { abmStatus: 8 }, active: ["battery_fault"] },
  { name: "battery test failed", changes: { batteryTest: 3 }, active: ["battery_fault"] },
  { name: "BatteryBad alarm", changes: {}, alarms: [alarm("1.3.6.1.2.1.33.1.6.3.1")], active: ["battery_fault"] },
  { name: "load at the threshold", changes: { loadPercent: 90 }, active: ["overload"] },
  { name: "overload alarm under the threshold", changes: { loadPercent: 70 }, alarms: [alarm("1.3.6.1.2.1.33.1.6.3.8")], active: ["overload"] },
  { name: "hot battery", changes: { batteryTemperature: 41 }, active: ["high_temperature battery"] },
  { name: "hot room", changes: { ambientTemperature: 35 }, active: ["high_temperature ambient"] },
  { name: "a fan failure row", changes: {}, alarms: [alarm("1.3.6.1.2.1.33.1.6.3.16", 7)], active: ["ups_alarm 1.3.6.1.2.1.33.1.6.3.16"] },
];
for (const { name, changes, alarms, active: expected } of cases) {
  test(`UPS check: ${name}`, () => assert.deepEqual(active(observe(changes, alarms)), expected));
}

test("a power failure as the card reports it: both MIBs' alarm rows feed one on_battery, no ups_alarm twins", () => {
  const observations = observe({ outputSource: 5, onBatteryByEither: true, secondsOnBattery: 120, minutesRemaining: 30, chargePercent: 91 },
    [alarm("1.3.6.1.2.1.33.1.6.3.2", 1), alarm("1.3.6.1.4.1.534.1.7.3", 1)]);
  assert.deepEqual(active(observations), ["on_battery"]);
  assert.deepEqual(observations[0]!.metrics, {
    output_source: "battery", seconds_on_battery: 120, minutes_remaining: 30, charge_percent: 91, alarms: ["upsAlarmOnBattery", "xupsOnBattery"],
  });
  assert.equal(observations[0]!.message, "on battery for 120 s: 30 min remaining, charge 91%");
});

test("load and temperature clear only under the threshold minus the hysteresis", () => {
  const was = (problem: string, resource?: string) => problem === "overload" || (problem === "high_temperature" && resource === "battery");
  assert.deepEqual(active(observe({ loadPercent: 86, batteryTemperature: 39 }, [], was)), ["overload", "high_temperature battery"]);
  assert.deepEqual(active(observe({ loadPercent: 85, batteryTemperature: 38 }, [], was)), []);
  assert.deepEqual(active(observe({ loadPercent: 86, batteryTemperature: 39 })), [], "not raised before: under the threshold is fine");
});

test("thresholds come from the settings; absent sensors are not observed", () => {
  const observations = upsObservations({ ...HEALTHY, ambientTemperature: null, loadPercent: null }, [],
    { ...DEFAULT_THRESHOLDS, battery_temperature_c: 20 }, never);
  assert.deepEqual(active(observations), ["high_temperature battery"]);
  assert.deepEqual(observations.map((o) => o.problem), ["on_battery", "low_battery", "battery_fault", "high_temperature"]);
});

test("on battery, then the output source, the battery readings and the load are no longer served: each problem stands, none is cleared", () => {
  const outageReading = { ...HEALTHY, outputSource: 5, onBatteryByEither: true, batteryStatus: 3, loadPercent: 95 };
  const outage = upsObservations(outageReading, [], DEFAULT_THRESHOLDS, never);
  assert.deepEqual(active(outage), ["on_battery", "low_battery", "overload"]);
  const servedBefore = new Set(servedReadings(outageReading));
  assert.deepEqual([...servedBefore], ["output_source", "battery", "load"]);
  const wasActive = new Set(eventsOf(TARGET, outage, [], AT).active);
  const gap = { outputSource: null, onBatteryByEither: false, batteryStatus: null, minutesRemaining: null, chargePercent: null, loadPercent: null };
  const unread = upsObservations({ ...HEALTHY, ...gap }, [], DEFAULT_THRESHOLDS, never, servedBefore);
  assert.deepEqual(unread.filter((o) => o.unknown).map((o) => o.problem), ["on_battery", "low_battery", "overload"]);
  const { events, active: stillActive } = eventsOf(TARGET, unread, [...wasActive], AT);
  assert.deepEqual(events.map((e) => e.alert_type), ["on_battery", "low_battery", "overload"], "problems sent again, no on_utility");
  assert.deepEqual(new Set(stillActive), wasActive);
  assert.equal(events[0]!.message, "output source not read (upsOutputSource, xupsOutputSource): still taken as on battery");
  // Served again and healthy: now the clears.
  const healthy = upsObservations(HEALTHY, [], DEFAULT_THRESHOLDS, never, servedBefore);
  assert.deepEqual(eventsOf(TARGET, healthy, stillActive, AT).events.map((e) => e.alert_type), ["on_utility", "low_battery_cleared", "overload_cleared"]);
});

test("a card that never served the output source or a load: problems its alarm rows raised clear when the rows go", () => {
  const neverServed = { ...HEALTHY, outputSource: null, onBatteryByEither: false, loadPercent: null };
  assert.deepEqual(servedReadings(neverServed), ["battery"]);
  const servedBefore = new Set(servedReadings(neverServed));
  const outage = upsObservations(neverServed, [alarm("1.3.6.1.4.1.534.1.7.3"), alarm("1.3.6.1.2.1.33.1.6.3.8", 2)], DEFAULT_THRESHOLDS, never, servedBefore);
  assert.deepEqual(active(outage), ["on_battery", "overload"]);
  const raised = eventsOf(TARGET, outage, [], AT).active;
  const after = upsObservations(neverServed, [], DEFAULT_THRESHOLDS, never, servedBefore);
  assert.deepEqual(after.filter((o) => o.unknown), [], "nothing unknown: these readings were never there");
  assert.deepEqual(eventsOf(TARGET, after, raised, AT).events.map((e) => e.alert_type), ["on_utility"],
    "on_utility at once; the overload (no load observation any more) resolves by absence");
});
