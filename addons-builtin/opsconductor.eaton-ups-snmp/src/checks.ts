// A reading and the active alarm rows → observations (see observations.ts). Pure functions.
import { knownAlarm, type AlarmEntry } from "./alarms.ts";
import type { Observation } from "@opsconductor/sdk";
import { ABM_STATUS_NAMES, BATTERY_STATUS_NAMES, BATTERY_TEST_NAMES, OUTPUT_SOURCE_NAMES } from "./oids.ts";
import type { UpsReading } from "./reading.ts";
import type { UpsThresholds } from "./settings.ts";

/** A load or temperature alarm clears only this far under its threshold (no flapping at the edge). */
export const LOAD_HYSTERESIS = 5;
export const TEMPERATURE_HYSTERESIS = 2;
/** upsBatteryStatus batteryLow / batteryDepleted. */
const LOW_BATTERY_STATUS = new Set([3, 4]);
/** xupsBatteryAbmStatus batteryDisconnected / checkBattery. */
const FAULTY_ABM_STATUS = new Set([6, 8]);
const BATTERY_TEST_FAILED = 3;

/** Whether a problem (on a resource) was raised at the last poll. */
export type WasActive = (problem: string, resource?: string) => boolean;

/** The readings a check decides on, by the name kept in the target's memory. */
export const DECIDING_READINGS = ["output_source", "battery", "load"] as const;
export type DecidingReading = (typeof DECIDING_READINGS)[number];

/** Which deciding readings this poll has: the output source, the battery's state/runtime/charge, the load. */
export function servedReadings(reading: UpsReading): DecidingReading[] {
  const served: Record<DecidingReading, boolean> = {
    output_source: reading.outputSource !== null,
    battery: reading.batteryStatus !== null || reading.minutesRemaining !== null || reading.chargePercent !== null,
    load: reading.loadPercent !== null,
  };
  return DECIDING_READINGS.filter((name) => served[name]);
}

/**
 * Everything watched on one UPS: on battery, low battery, battery fault, overload, battery and
 * ambient temperature, and one `ups_alarm` per alarm row no dedicated check covers (the rows a
 * check covers are named in its metrics.alarms).
 */
export function upsObservations(reading: UpsReading, alarms: readonly AlarmEntry[], thresholds: UpsThresholds, wasActive: WasActive,
  servedBefore: ReadonlySet<DecidingReading> = new Set()): Observation[] {
  const feeding = (check: string) => alarms.filter((alarm) => knownAlarm(alarm.descr).feeds === check).map((alarm) => knownAlarm(alarm.descr).name);
  // A reading the card served at an earlier poll and does not now is a gap: what it decided stands
  // (unknown). One the card has never served is no gap: its check goes by the alarm rows alone.
  const servedNow = servedReadings(reading);
  const missing = (name: DecidingReading) => servedBefore.has(name) && !servedNow.includes(name);
  return [
    onBatteryObservation(reading, feeding("on_battery"), missing("output_source")),
    lowBatteryObservation(reading, feeding("low_battery"), thresholds, missing("battery")),
    batteryFaultObservation(reading, feeding("battery_fault")),
    ...overloadObservation(reading, feeding("overload"), thresholds.load_percent, wasActive("overload"), missing("load")),
    ...temperatureObservations(reading, thresholds, wasActive),
    ...alarms.filter((alarm) => !knownAlarm(alarm.descr).feeds).map(alarmObservation),
  ];
}

function batteryMetrics(reading: UpsReading) {
  return {
    output_source: nameOf(OUTPUT_SOURCE_NAMES, reading.outputSource), seconds_on_battery: reading.secondsOnBattery,
    minutes_remaining: reading.minutesRemaining, charge_percent: reading.chargePercent,
  };
}

function onBatteryObservation(reading: UpsReading, alarms: string[], sourceMissing: boolean): Observation {
  const active = reading.onBatteryByEither || alarms.length > 0;
  const metrics = { ...batteryMetrics(reading), alarms };
  // The output source no longer served and no alarm row: not known to be back on utility power.
  const unknown = !active && sourceMissing;
  return {
    problem: "on_battery", clear: "on_utility", active, unknown, metrics,
    message: active ? `on battery${reading.secondsOnBattery ? ` for ${reading.secondsOnBattery} s` : ""}: ${describeRuntime(reading)}`
      : unknown ? "output source not read (upsOutputSource, xupsOutputSource): still taken as on battery"
      : `back on utility power (output source ${metrics.output_source})`,
  };
}

function lowBatteryObservation(reading: UpsReading, alarms: string[], thresholds: UpsThresholds, batteryMissing: boolean): Observation {
  const { batteryStatus, minutesRemaining, chargePercent } = reading;
  const reasons = [
    ...(batteryStatus !== null && LOW_BATTERY_STATUS.has(batteryStatus) ? [BATTERY_STATUS_NAMES[batteryStatus]!] : []),
    ...(minutesRemaining !== null && minutesRemaining < thresholds.low_runtime_minutes
      ? [`${minutesRemaining} min remaining (< ${thresholds.low_runtime_minutes})`] : []),
    ...(chargePercent !== null && chargePercent < thresholds.low_charge_percent ? [`charge ${chargePercent}% (< ${thresholds.low_charge_percent}%)`] : []),
    ...alarms,
  ];
  // None of the battery's state, runtime or charge served any more: not known to be ok.
  const unknown = reasons.length === 0 && batteryMissing;
  return {
    problem: "low_battery", clear: "low_battery_cleared", active: reasons.length > 0, unknown,
    metrics: { ...batteryMetrics(reading), battery_status: nameOf(BATTERY_STATUS_NAMES, batteryStatus), alarms },
    message: reasons.length > 0 ? `battery low: ${reasons.join("; ")}`
      : unknown ? "battery status, runtime and charge not read: still taken as low" : `battery ok: ${describeRuntime(reading)}`,
  };
}

function batteryFaultObservation(reading: UpsReading, alarms: string[]): Observation {
  const reasons = [
    ...(reading.abmStatus !== null && FAULTY_ABM_STATUS.has(reading.abmStatus) ? [ABM_STATUS_NAMES[reading.abmStatus]!] : []),
    ...(reading.batteryTest === BATTERY_TEST_FAILED ? ["battery test failed"] : []),
    ...alarms,
  ];
  return {
    problem: "battery_fault", clear: "battery_fault_cleared", active: reasons.length > 0,
    metrics: { abm_status: nameOf(ABM_STATUS_NAMES, reading.abmStatus), battery_test: nameOf(BATTERY_TEST_NAMES, reading.batteryTest), alarms },
    message: reasons.length > 0 ? `battery fault: ${reasons.join("; ")}` : "battery healthy",
  };
}

/**
 * No observation when the card has never reported a load and has no overload alarm; unknown (an
 * overload of the last poll stands) when it no longer reports one.
 */
function overloadObservation(reading: UpsReading, alarms: string[], threshold: number, wasActive: boolean, loadMissing: boolean): Observation[] {
  const load = reading.loadPercent;
  if (load === null && alarms.length === 0 && !loadMissing) return [];
  const unknown = load === null && alarms.length === 0;
  const active = alarms.length > 0 || (load !== null && overThreshold(load, threshold, LOAD_HYSTERESIS, wasActive));
  return [{
    problem: "overload", clear: "overload_cleared", active, unknown, metrics: { load_percent: load, threshold, alarms },
    message: active ? `output load ${load ?? "?"}% (threshold ${threshold}%)${alarms.length ? `; ${alarms.join(", ")}` : ""}`
      : unknown ? "output load not read: still taken as overloaded" : `output load ${load}%`,
  }];
}

/** `high_temperature` per sensor the card has (resource `battery` / `ambient`). */
function temperatureObservations(reading: UpsReading, thresholds: UpsThresholds, wasActive: WasActive): Observation[] {
  const sensors = [
    ["battery", reading.batteryTemperature, thresholds.battery_temperature_c],
    ["ambient", reading.ambientTemperature, thresholds.ambient_temperature_c],
  ] as const;
  return sensors.filter(([, value]) => value !== null).map(([sensor, value, threshold]) => ({
    problem: "high_temperature", clear: "high_temperature_cleared", resource: sensor,
    active: overThreshold(value!, threshold, TEMPERATURE_HYSTERESIS, wasActive("high_temperature", sensor)),
    metrics: { sensor, temperature_c: value, threshold_c: threshold },
    message: `${sensor} temperature ${value} °C (threshold ${threshold} °C)`,
  }));
}

/** An alarm row: active while present (its disappearance resolves it through the snapshot). */
function alarmObservation(alarm: AlarmEntry): Observation {
  const known = knownAlarm(alarm.descr);
  return {
    problem: "ups_alarm", clear: "ups_alarm_cleared", resource: alarm.descr, active: true,
    metrics: { alarm: known.name, alarm_oid: alarm.descr, mib: alarm.mib, alarm_id: alarm.id, alarm_time: alarm.time, alarm_severity: known.severity },
    message: `${alarm.mib} alarm ${known.name} is active`,
  };
}

function overThreshold(value: number, threshold: number, hysteresis: number, wasActive: boolean): boolean {
  return value >= threshold || (wasActive && value > threshold - hysteresis);
}

function describeRuntime(reading: UpsReading): string {
  return `${reading.minutesRemaining ?? "?"} min remaining, charge ${reading.chargePercent ?? "?"}%`;
}

function nameOf(names: Record<number, string>, value: number | null): string | null {
  return value === null ? null : names[value] ?? String(value);
}
