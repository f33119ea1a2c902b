import type { Severity } from "@opsconductor/sdk";

const UPS_ALARM = "1.3.6.1.2.1.33.1.6.3";
const XUPS_ALARM = "1.3.6.1.4.1.534.1.7";

/** Alarm OIDs that mean a power state with its own raise/clear pair: they map onto it. */
export const POWER_STATE_ALARMS: Readonly<Record<string, { raise: string; clear: string }>> = {
  [`${UPS_ALARM}.2`]: { raise: "on_battery", clear: "utility_power_restored" },
  [`${XUPS_ALARM}.3`]: { raise: "on_battery", clear: "utility_power_restored" },
  [`${UPS_ALARM}.3`]: { raise: "low_battery", clear: "return_from_low_battery" },
  [`${UPS_ALARM}.4`]: { raise: "low_battery", clear: "return_from_low_battery" },
  [`${XUPS_ALARM}.4`]: { raise: "low_battery", clear: "return_from_low_battery" },
};

type Catalogue = Record<number, [name: string, severity: Severity]>;

/** RFC 1628 well-known alarms (`1.3.6.1.2.1.33.1.6.3.N`). */
const UPS_MIB: Catalogue = {
  1: ["upsAlarmBatteryBad", "major"], 5: ["upsAlarmTempBad", "warning"], 6: ["upsAlarmInputBad", "major"],
  7: ["upsAlarmOutputBad", "critical"], 8: ["upsAlarmOutputOverload", "major"], 9: ["upsAlarmOnBypass", "major"],
  10: ["upsAlarmBypassBad", "major"], 11: ["upsAlarmOutputOffAsRequested", "warning"], 12: ["upsAlarmUpsOffAsRequested", "warning"],
  13: ["upsAlarmChargerFailed", "major"], 14: ["upsAlarmUpsOutputOff", "critical"], 15: ["upsAlarmUpsSystemOff", "critical"],
  16: ["upsAlarmFanFailure", "major"], 17: ["upsAlarmFuseFailure", "major"], 18: ["upsAlarmGeneralFault", "major"],
  19: ["upsAlarmDiagnosticTestFailed", "minor"], 20: ["upsAlarmCommunicationsLost", "major"], 21: ["upsAlarmAwaitingPower", "warning"],
  22: ["upsAlarmShutdownPending", "critical"], 23: ["upsAlarmShutdownImminent", "critical"], 24: ["upsAlarmTestInProgress", "warning"],
};

/** XUPS-MIB alarms (`1.3.6.1.4.1.534.1.7.N`; XUPS trap `.0.N` mirrors N). */
const XUPS_MIB: Catalogue = {
  7: ["xupsOutputOverload", "major"], 8: ["xupsInternalFailure", "major"], 9: ["xupsBatteryDischarged", "critical"],
  10: ["xupsInverterFailure", "critical"], 11: ["xupsOnBypass", "major"], 12: ["xupsBypassNotAvailable", "minor"],
  13: ["xupsOutputOff", "critical"], 14: ["xupsInputFailure", "major"], 15: ["xupsBuildingAlarm", "warning"],
  16: ["xupsShutdownImminent", "critical"], 17: ["xupsOnInverter", "warning"], 20: ["xupsBreakerOpen", "major"],
  23: ["xupsAlarmBatteryBad", "major"], 24: ["xupsOutputOffAsRequested", "warning"], 25: ["xupsDiagnosticTestFailed", "minor"],
  26: ["xupsCommunicationsLost", "major"], 27: ["xupsUpsShutdownPending", "critical"], 28: ["xupsAlarmTestInProgress", "warning"],
  29: ["xupsAmbientTempBad", "warning"],
};

/** The alarm OID of XUPS trap number N (the trap mirrors the alarm sub-id). */
export function xupsAlarmOid(specific: number): string {
  return `${XUPS_ALARM}.${specific}`;
}

/** Name and severity of an alarm OID; an unknown one is named by its OID, major. */
export function alarmInfo(descr: string): { name: string; severity: Severity } {
  const oid = descr.replace(/^\./, "");
  for (const [root, catalogue] of [[UPS_ALARM, UPS_MIB], [XUPS_ALARM, XUPS_MIB]] as const) {
    if (!oid.startsWith(`${root}.`)) continue;
    const entry = catalogue[Number(oid.slice(root.length + 1))];
    if (entry) return { name: entry[0], severity: entry[1] };
  }
  return { name: oid, severity: "major" };
}
