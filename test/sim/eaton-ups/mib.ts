// The objects an Eaton Network-M2/M3 (or ConnectUPS) card serves: XUPS-MIB (1.3.6.1.4.1.534.1)
// beside the standard UPS-MIB (RFC 1628, 1.3.6.1.2.1.33.1). reference/protocols.md §9.

export const XUPS = "1.3.6.1.4.1.534.1";
export const UPS_MIB = "1.3.6.1.2.1.33.1";

/** xupsAlarmDescr values (`XUPS.7.N`). */
export const XUPS_ALARMS = {
  onBattery: `${XUPS}.7.3`,
  lowBattery: `${XUPS}.7.4`,
  outputOverload: `${XUPS}.7.7`,
  internalFailure: `${XUPS}.7.8`,
  onBypass: `${XUPS}.7.11`,
  shutdownImminent: `${XUPS}.7.16`,
  breakerOpen: `${XUPS}.7.20`,
  batteryBad: `${XUPS}.7.23`,
  ambientTempBad: `${XUPS}.7.29`,
} as const;

/** upsAlarmDescr values (`UPS_MIB.6.3.N`, the well-known alarms of RFC 1628). */
export const UPS_MIB_ALARMS = {
  batteryBad: `${UPS_MIB}.6.3.1`,
  onBattery: `${UPS_MIB}.6.3.2`,
  lowBattery: `${UPS_MIB}.6.3.3`,
  depletedBattery: `${UPS_MIB}.6.3.4`,
  tempBad: `${UPS_MIB}.6.3.5`,
  inputBad: `${UPS_MIB}.6.3.6`,
  outputOverload: `${UPS_MIB}.6.3.8`,
  onBypass: `${UPS_MIB}.6.3.9`,
  fanFailure: `${UPS_MIB}.6.3.16`,
  generalFault: `${UPS_MIB}.6.3.18`,
  testInProgress: `${UPS_MIB}.6.3.24`,
} as const;

/** What the simulated UPS reports; both MIBs are derived from it. */
export interface EatonUpsState {
  /** upsOutputSource / xupsOutputSource: 3 normal, 4 bypass, 5 battery. */
  outputSource: number;
  /** upsBatteryStatus: 1 unknown, 2 batteryNormal, 3 batteryLow, 4 batteryDepleted. */
  batteryStatus: number;
  /** xupsBatteryAbmStatus: 1 charging, 2 discharging, 3 floating, 4 resting, 5 unknown, 6 disconnected, 7 under test, 8 checkBattery. */
  abmStatus: number;
  secondsOnBattery: number;
  minutesRemaining: number;
  chargePercent: number;
  batteryTemperature: number;
  ambientTemperature: number;
  ambientLowerLimit: number;
  ambientUpperLimit: number;
  /** Output load of phase 1 (upsOutputPercentLoad.1) and xupsOutputLoad. */
  loadPercent: number;
  /** xupsTestBatteryStatus: 1 unknown, 2 passed, 3 failed, 4 inProgress... */
  testBatteryStatus: number;
}

export const HEALTHY_UPS: Readonly<EatonUpsState> = Object.freeze({
  outputSource: 3, batteryStatus: 2, abmStatus: 3, secondsOnBattery: 0, minutesRemaining: 42, chargePercent: 100,
  batteryTemperature: 25, ambientTemperature: 24, ambientLowerLimit: 10, ambientUpperLimit: 40, loadPercent: 31, testBatteryStatus: 2,
});

/** Mains lost: on battery, discharging. */
export const ON_BATTERY: Partial<EatonUpsState> = { outputSource: 5, abmStatus: 2, secondsOnBattery: 120, minutesRemaining: 30, chargePercent: 91 };
/** Deep into an outage: the UPS says its battery is low. */
export const BATTERY_LOW: Partial<EatonUpsState> = { ...ON_BATTERY, batteryStatus: 3, secondsOnBattery: 1500, minutesRemaining: 3, chargePercent: 12 };

type ScalarKey = keyof EatonUpsState | "xupsAlarms" | "upsAlarmsPresent";

/** The scalars, in registration order, with the state field each serves (`model`/`descr` are constants). */
export const SCALARS: Array<{ oid: string; type: "Integer" | "Gauge" | "OctetString"; key?: ScalarKey; value?: string }> = [
  { oid: "1.3.6.1.2.1.1.1", type: "OctetString", value: "Eaton 9PX 3000i RT3U, Network-M2 card 2.2.0" },
  { oid: "1.3.6.1.2.1.1.5", type: "OctetString", value: "ups-serverroom" },
  { oid: `${XUPS}.1.1`, type: "OctetString", value: "EATON" },
  { oid: `${XUPS}.1.2`, type: "OctetString", value: "Eaton 9PX 3000i RT3U" },
  { oid: `${XUPS}.2.1`, type: "Integer", key: "minutesRemaining" },
  { oid: `${XUPS}.2.4`, type: "Integer", key: "chargePercent" },
  { oid: `${XUPS}.2.5`, type: "Integer", key: "abmStatus" },
  { oid: `${XUPS}.4.1`, type: "Integer", key: "loadPercent" },
  { oid: `${XUPS}.4.5`, type: "Integer", key: "outputSource" },
  { oid: `${XUPS}.6.1`, type: "Integer", key: "ambientTemperature" },
  { oid: `${XUPS}.6.2`, type: "Integer", key: "ambientLowerLimit" },
  { oid: `${XUPS}.6.3`, type: "Integer", key: "ambientUpperLimit" },
  { oid: `${XUPS}.7.1`, type: "Gauge", key: "xupsAlarms" },
  { oid: `${XUPS}.8.2`, type: "Integer", key: "testBatteryStatus" },
  { oid: `${UPS_MIB}.1.2`, type: "OctetString", value: "Eaton 9PX" },
  { oid: `${UPS_MIB}.2.1`, type: "Integer", key: "batteryStatus" },
  { oid: `${UPS_MIB}.2.2`, type: "Integer", key: "secondsOnBattery" },
  { oid: `${UPS_MIB}.2.3`, type: "Integer", key: "minutesRemaining" },
  { oid: `${UPS_MIB}.2.4`, type: "Integer", key: "chargePercent" },
  { oid: `${UPS_MIB}.2.7`, type: "Integer", key: "batteryTemperature" },
  { oid: `${UPS_MIB}.4.1`, type: "Integer", key: "outputSource" },
  { oid: `${UPS_MIB}.6.1`, type: "Gauge", key: "upsAlarmsPresent" },
];

/** Scalar values of a state: xupsBatTimeRemaining is in seconds, the rest as the state says. */
export function scalarValue(key: ScalarKey, state: EatonUpsState, alarmCounts: { ups: number; xups: number }, oid: string): number {
  if (key === "xupsAlarms") return alarmCounts.xups;
  if (key === "upsAlarmsPresent") return alarmCounts.ups;
  if (key === "minutesRemaining" && oid === `${XUPS}.2.1`) return state.minutesRemaining * 60;
  return state[key];
}
