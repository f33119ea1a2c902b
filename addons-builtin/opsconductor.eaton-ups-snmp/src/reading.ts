import type { Varbind } from "@opsconductor/sdk";
import { OUTPUT_SOURCE_BATTERY, SCALAR_OIDS, type ScalarName } from "./oids.ts";

/** What one poll read of a UPS; null where the card does not serve the object. */
export interface UpsReading {
  model: string | null;
  /** upsOutputSource, else xupsOutputSource (3 normal, 4 bypass, 5 battery). */
  outputSource: number | null;
  /** Both sources as read: an Eaton card may serve only one. */
  onBatteryByEither: boolean;
  batteryStatus: number | null;
  abmStatus: number | null;
  batteryTest: number | null;
  secondsOnBattery: number | null;
  minutesRemaining: number | null;
  chargePercent: number | null;
  batteryTemperature: number | null;
  ambientTemperature: number | null;
  /** The highest of xupsOutputLoad and every phase's upsOutputPercentLoad. */
  loadPercent: number | null;
}

/** Scalar values by name: numbers, or text for the model; null for noSuchObject/noSuchInstance. */
export function scalarsByName(varbinds: readonly Varbind[]): Partial<Record<ScalarName, string | number | null>> {
  const byOid = new Map(varbinds.map((varbind) => [varbind.oid.replace(/^\./, ""), varbind.value]));
  return Object.fromEntries(Object.entries(SCALAR_OIDS).map(([name, oid]) => [name, byOid.get(oid) ?? null]));
}

/**
 * A reading from the scalar GET and the upsOutputPercentLoad walk. UPS-MIB values win; XUPS
 * fills in (xupsBatTimeRemaining is in seconds).
 *
 * @example
 * readingOf(await ctx.snmp.get(id, Object.values(SCALAR_OIDS)), await ctx.snmp.walk(id, UPS_OUTPUT_PERCENT_LOAD));
 */
export function readingOf(scalars: readonly Varbind[], phaseLoads: readonly Varbind[]): UpsReading {
  const values = scalarsByName(scalars);
  const number = (name: ScalarName) => numberOf(values[name]);
  // A value outside what the MIB allows (a charge of -1, a load of 65535) is a card's glitch, not a reading.
  const bounded = (name: ScalarName, min: number, max: number) => within(number(name), min, max);
  const xupsSeconds = bounded("xupsBatTimeRemaining", 0, MAX_COUNT);
  const loads = [number("xupsOutputLoad"), ...phaseLoads.map((varbind) => numberOf(varbind.value))]
    .map((load) => within(load, 0, MAX_LOAD_PERCENT)).filter((value): value is number => value !== null);
  const upsSource = bounded("upsOutputSource", 1, MAX_COUNT);
  const xupsSource = bounded("xupsOutputSource", 1, MAX_COUNT);
  const model = values.upsIdentModel ?? values.xupsIdentModel;
  return {
    model: model === null || model === undefined || model === "" ? null : String(model).trim(),
    outputSource: upsSource ?? xupsSource,
    onBatteryByEither: upsSource === OUTPUT_SOURCE_BATTERY || xupsSource === OUTPUT_SOURCE_BATTERY,
    batteryStatus: bounded("upsBatteryStatus", 1, MAX_COUNT),
    abmStatus: bounded("xupsBatteryAbmStatus", 1, MAX_COUNT),
    batteryTest: bounded("xupsTestBatteryStatus", 1, MAX_COUNT),
    secondsOnBattery: bounded("upsSecondsOnBattery", 0, MAX_COUNT),
    minutesRemaining: bounded("upsEstimatedMinutesRemaining", 0, MAX_COUNT) ?? (xupsSeconds === null ? null : Math.floor(xupsSeconds / 60)),
    chargePercent: bounded("upsEstimatedChargeRemaining", 0, 100) ?? bounded("xupsBatCapacity", 0, 100),
    batteryTemperature: number("upsBatteryTemperature"),
    ambientTemperature: number("xupsEnvAmbientTemp"),
    loadPercent: loads.length > 0 ? Math.max(...loads) : null,
  };
}

/** True when the agent answered none of the UPS objects: not a UPS (or a wrong MIB view). */
export function isEmptyReading(reading: UpsReading): boolean {
  return Object.entries(reading).every(([key, value]) => key === "onBatteryByEither" || value === null);
}

// Enumerations and counts are positive 32-bit integers; loads are percent of capacity (the MIBs allow overload).
const MAX_COUNT = 2_147_483_647;
const MAX_LOAD_PERCENT = 1_000;

function within(value: number | null, min: number, max: number): number | null {
  return value !== null && value >= min && value <= max ? value : null;
}

function numberOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return null;
}
