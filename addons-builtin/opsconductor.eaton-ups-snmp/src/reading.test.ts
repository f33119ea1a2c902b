import { test } from "node:test";
import assert from "node:assert/strict";
import type { Varbind } from "@opsconductor/sdk";
import { SCALAR_OIDS, UPS_OUTPUT_PERCENT_LOAD, type ScalarName } from "./oids.ts";
import { isEmptyReading, readingOf } from "./reading.ts";

/** A GET answer: the given values, noSuchObject for every other scalar (as a v2c agent answers). */
function answer(values: Partial<Record<ScalarName, number | string>>): Varbind[] {
  return Object.entries(SCALAR_OIDS).map(([name, oid]) => {
    const value = values[name as ScalarName];
    return value === undefined ? { oid, type: "NoSuchObject", value: null }
      : { oid, type: typeof value === "string" ? "OctetString" : "Integer", value };
  });
}
const phase = (n: number, load: number): Varbind => ({ oid: `${UPS_OUTPUT_PERCENT_LOAD}.${n}`, type: "Integer", value: load });

test("both MIBs: UPS-MIB values win, XUPS fills in; the load is the highest phase", () => {
  const reading = readingOf(answer({
    upsIdentModel: "Eaton 9PX", upsOutputSource: 3, xupsOutputSource: 3, upsBatteryStatus: 2, upsEstimatedMinutesRemaining: 42,
    xupsBatTimeRemaining: 2400, upsEstimatedChargeRemaining: 100, xupsBatCapacity: 99, xupsOutputLoad: 31, upsBatteryTemperature: 25,
    xupsEnvAmbientTemp: 24, xupsBatteryAbmStatus: 3, xupsTestBatteryStatus: 2, upsSecondsOnBattery: 0,
  }), [phase(1, 31), phase(2, 58), phase(3, 12)]);
  assert.deepEqual(reading, {
    model: "Eaton 9PX", outputSource: 3, onBatteryByEither: false, batteryStatus: 2, abmStatus: 3, batteryTest: 2, secondsOnBattery: 0,
    minutesRemaining: 42, chargePercent: 100, batteryTemperature: 25, ambientTemperature: 24, loadPercent: 58,
  });
});

test("an XUPS-only card (no UPS-MIB): seconds of runtime become minutes, XUPS source and capacity", () => {
  const reading = readingOf(answer({ xupsIdentModel: "Eaton 5PX", xupsOutputSource: 5, xupsBatTimeRemaining: 1830, xupsBatCapacity: 88, xupsOutputLoad: 40 }), []);
  assert.equal(reading.model, "Eaton 5PX");
  assert.equal(reading.outputSource, 5);
  assert.equal(reading.onBatteryByEither, true);
  assert.equal(reading.minutesRemaining, 30);
  assert.equal(reading.chargePercent, 88);
  assert.equal(reading.loadPercent, 40);
  assert.equal(reading.batteryStatus, null);
  assert.equal(isEmptyReading(reading), false);
});

test("on battery by either MIB: a card may disagree between them", () => {
  assert.equal(readingOf(answer({ upsOutputSource: 3, xupsOutputSource: 5 }), []).onBatteryByEither, true);
  assert.equal(readingOf(answer({ upsOutputSource: 5, xupsOutputSource: 3 }), []).onBatteryByEither, true);
});

test("an agent without any UPS object is an empty reading", () => {
  assert.equal(isEmptyReading(readingOf(answer({}), [])), true);
});

test("values outside what the MIBs allow are not readings: a glitching card raises nothing from them", () => {
  const reading = readingOf(answer({
    upsEstimatedChargeRemaining: -1, xupsBatCapacity: 250, upsEstimatedMinutesRemaining: -5, xupsBatTimeRemaining: 600,
    upsSecondsOnBattery: -1, upsOutputSource: 0, xupsOutputSource: 3, upsBatteryStatus: -2, xupsOutputLoad: 65_535,
  }), [phase(1, -3), phase(2, 40)]);
  assert.equal(reading.chargePercent, null, "neither charge is a percentage");
  assert.equal(reading.minutesRemaining, 10, "UPS-MIB's negative minutes give way to XUPS's 600 s");
  assert.equal(reading.secondsOnBattery, null);
  assert.equal(reading.outputSource, 3, "source 0 is no UPS-MIB value: XUPS's is used");
  assert.equal(reading.batteryStatus, null);
  assert.equal(reading.loadPercent, 40, "the impossible loads are ignored, the plausible phase counts");
  const edges = readingOf(answer({ upsEstimatedChargeRemaining: 0 }), [phase(1, 150)]);
  assert.deepEqual([edges.chargePercent, edges.loadPercent], [0, 150], "0% charge and a 150% overload are real readings");
});
