// The objects this addon reads (reference/protocols.md §9): RFC 1628 UPS-MIB and Eaton's XUPS-MIB.

export const UPS_MIB = "1.3.6.1.2.1.33.1";
export const XUPS = "1.3.6.1.4.1.534.1";
export const SYS_DESCR = "1.3.6.1.2.1.1.1.0";

/** Scalars read with one GET per poll, by the name the reading uses. */
export const SCALAR_OIDS = {
  upsIdentModel: `${UPS_MIB}.1.2.0`,
  upsBatteryStatus: `${UPS_MIB}.2.1.0`,
  upsSecondsOnBattery: `${UPS_MIB}.2.2.0`,
  upsEstimatedMinutesRemaining: `${UPS_MIB}.2.3.0`,
  upsEstimatedChargeRemaining: `${UPS_MIB}.2.4.0`,
  upsBatteryTemperature: `${UPS_MIB}.2.7.0`,
  upsOutputSource: `${UPS_MIB}.4.1.0`,
  xupsIdentModel: `${XUPS}.1.2.0`,
  xupsBatTimeRemaining: `${XUPS}.2.1.0`,
  xupsBatCapacity: `${XUPS}.2.4.0`,
  xupsBatteryAbmStatus: `${XUPS}.2.5.0`,
  xupsOutputLoad: `${XUPS}.4.1.0`,
  xupsOutputSource: `${XUPS}.4.5.0`,
  xupsEnvAmbientTemp: `${XUPS}.6.1.0`,
  xupsTestBatteryStatus: `${XUPS}.8.2.0`,
} as const;
export type ScalarName = keyof typeof SCALAR_OIDS;

/** upsOutputPercentLoad, one row per output phase. */
export const UPS_OUTPUT_PERCENT_LOAD = `${UPS_MIB}.4.4.1.5`;
/** The alarm tables: a row per active alarm; upsAlarmDescr / xupsAlarmDescr (column 2) names it by OID. */
export const ALARM_TABLES = [
  { mib: "UPS-MIB", oid: `${UPS_MIB}.6.2` },
  { mib: "XUPS-MIB", oid: `${XUPS}.7.2` },
] as const;

/** upsOutputSource / xupsOutputSource value: on battery. */
export const OUTPUT_SOURCE_BATTERY = 5;
export const OUTPUT_SOURCE_NAMES: Record<number, string> = {
  1: "other", 2: "none", 3: "normal", 4: "bypass", 5: "battery", 6: "booster", 7: "reducer", 8: "parallelCapacity",
  9: "parallelRedundant", 10: "highEfficiencyMode", 11: "maintenanceBypass", 12: "essMode",
};
export const BATTERY_STATUS_NAMES: Record<number, string> = { 1: "unknown", 2: "batteryNormal", 3: "batteryLow", 4: "batteryDepleted" };
export const ABM_STATUS_NAMES: Record<number, string> = {
  1: "batteryCharging", 2: "batteryDischarging", 3: "batteryFloating", 4: "batteryResting", 5: "unknown",
  6: "batteryDisconnected", 7: "batteryUnderTest", 8: "checkBattery",
};
export const BATTERY_TEST_NAMES: Record<number, string> = {
  1: "unknown", 2: "passed", 3: "failed", 4: "inProgress", 5: "notSupported", 6: "inhibited", 7: "scheduled",
};
