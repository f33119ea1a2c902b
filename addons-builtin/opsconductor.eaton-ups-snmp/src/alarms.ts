import type { Severity, Varbind } from "@opsconductor/sdk";
import { ALARM_TABLES, UPS_MIB, XUPS } from "./oids.ts";

/** One row of upsAlarmTable or xupsAlarmTable. */
export interface AlarmEntry {
  mib: (typeof ALARM_TABLES)[number]["mib"];
  id: number;
  /** The alarm's OID (upsAlarmDescr / xupsAlarmDescr): what identifies it, not the reused row id. */
  descr: string;
  /** sysUpTime (centiseconds) when it was raised. */
  time: number | null;
}

/** A known alarm: its name, and either the dedicated alert it feeds or its own severity as `ups_alarm`. */
export interface KnownAlarm {
  name: string;
  feeds?: "on_battery" | "low_battery" | "overload" | "battery_fault";
  severity?: Severity;
}

const upsAlarm = (n: number) => `${UPS_MIB}.6.3.${n}`;
const xupsAlarm = (n: number) => `${XUPS}.7.${n}`;

/**
 * The well-known alarm OIDs of both MIBs. Alarms a dedicated check covers (on battery, low
 * battery, overload, bad battery) feed that check's alert instead of a second `ups_alarm`.
 */
export const KNOWN_ALARMS: Readonly<Record<string, KnownAlarm>> = {
  [upsAlarm(1)]: { name: "upsAlarmBatteryBad", feeds: "battery_fault" },
  [upsAlarm(2)]: { name: "upsAlarmOnBattery", feeds: "on_battery" },
  [upsAlarm(3)]: { name: "upsAlarmLowBattery", feeds: "low_battery" },
  [upsAlarm(4)]: { name: "upsAlarmDepletedBattery", feeds: "low_battery" },
  [upsAlarm(5)]: { name: "upsAlarmTempBad", severity: "warning" },
  [upsAlarm(6)]: { name: "upsAlarmInputBad", severity: "major" },
  [upsAlarm(7)]: { name: "upsAlarmOutputBad", severity: "critical" },
  [upsAlarm(8)]: { name: "upsAlarmOutputOverload", feeds: "overload" },
  [upsAlarm(9)]: { name: "upsAlarmOnBypass", severity: "major" },
  [upsAlarm(10)]: { name: "upsAlarmBypassBad", severity: "major" },
  [upsAlarm(11)]: { name: "upsAlarmOutputOffAsRequested", severity: "warning" },
  [upsAlarm(12)]: { name: "upsAlarmUpsOffAsRequested", severity: "warning" },
  [upsAlarm(13)]: { name: "upsAlarmChargerFailed", severity: "major" },
  [upsAlarm(14)]: { name: "upsAlarmUpsOutputOff", severity: "critical" },
  [upsAlarm(15)]: { name: "upsAlarmUpsSystemOff", severity: "critical" },
  [upsAlarm(16)]: { name: "upsAlarmFanFailure", severity: "major" },
  [upsAlarm(17)]: { name: "upsAlarmFuseFailure", severity: "major" },
  [upsAlarm(18)]: { name: "upsAlarmGeneralFault", severity: "major" },
  [upsAlarm(19)]: { name: "upsAlarmDiagnosticTestFailed", severity: "minor" },
  [upsAlarm(20)]: { name: "upsAlarmCommunicationsLost", severity: "major" },
  [upsAlarm(21)]: { name: "upsAlarmAwaitingPower", severity: "warning" },
  [upsAlarm(22)]: { name: "upsAlarmShutdownPending", severity: "critical" },
  [upsAlarm(23)]: { name: "upsAlarmShutdownImminent", severity: "critical" },
  [upsAlarm(24)]: { name: "upsAlarmTestInProgress", severity: "warning" },
  [xupsAlarm(3)]: { name: "xupsOnBattery", feeds: "on_battery" },
  [xupsAlarm(4)]: { name: "xupsLowBattery", feeds: "low_battery" },
  [xupsAlarm(7)]: { name: "xupsOutputOverload", feeds: "overload" },
  [xupsAlarm(8)]: { name: "xupsInternalFailure", severity: "major" },
  [xupsAlarm(9)]: { name: "xupsBatteryDischarged", feeds: "low_battery" },
  [xupsAlarm(10)]: { name: "xupsInverterFailure", severity: "critical" },
  [xupsAlarm(11)]: { name: "xupsOnBypass", severity: "major" },
  [xupsAlarm(12)]: { name: "xupsBypassNotAvailable", severity: "minor" },
  [xupsAlarm(13)]: { name: "xupsOutputOff", severity: "critical" },
  [xupsAlarm(14)]: { name: "xupsInputFailure", severity: "major" },
  [xupsAlarm(15)]: { name: "xupsBuildingAlarm", severity: "warning" },
  [xupsAlarm(16)]: { name: "xupsShutdownImminent", severity: "critical" },
  [xupsAlarm(17)]: { name: "xupsOnInverter", severity: "warning" },
  [xupsAlarm(20)]: { name: "xupsBreakerOpen", severity: "major" },
  [xupsAlarm(23)]: { name: "xupsAlarmBatteryBad", feeds: "battery_fault" },
  [xupsAlarm(24)]: { name: "xupsOutputOffAsRequested", severity: "warning" },
  [xupsAlarm(25)]: { name: "xupsDiagnosticTestFailed", severity: "minor" },
  [xupsAlarm(26)]: { name: "xupsCommunicationsLost", severity: "major" },
  [xupsAlarm(27)]: { name: "xupsUpsShutdownPending", severity: "critical" },
  [xupsAlarm(28)]: { name: "xupsAlarmTestInProgress", severity: "warning" },
  [xupsAlarm(29)]: { name: "xupsAmbientTempBad", severity: "warning" },
};

/** Severity of an alarm the catalogue does not know: the UPS raised it, so it matters. */
export const UNKNOWN_ALARM_SEVERITY: Severity = "major";

/** What is known of an alarm OID; unknown ones are named by their OID. */
export function knownAlarm(descr: string): KnownAlarm {
  return KNOWN_ALARMS[descr.replace(/^\./, "")] ?? { name: descr, severity: UNKNOWN_ALARM_SEVERITY };
}

/**
 * The rows of a walked alarm table (`<table>.1.<column>.<index>`): id (1), descr (2), time (3). A
 * row with no readable descr is `unreadable (row <index>)`, an alarm of unknown kind.
 *
 * @example
 * parseAlarmTable("UPS-MIB", "1.3.6.1.2.1.33.1.6.2", await ctx.snmp.walk(target.id, "1.3.6.1.2.1.33.1.6.2"));
 */
export function parseAlarmTable(mib: AlarmEntry["mib"], tableOid: string, varbinds: readonly Varbind[]): AlarmEntry[] {
  const prefix = `${tableOid}.1.`;
  const rows = new Map<string, { id?: number; descr?: string; time?: number }>();
  for (const varbind of varbinds) {
    const oid = varbind.oid.replace(/^\./, "");
    if (!oid.startsWith(prefix) || varbind.value === null) continue;
    const [column, ...index] = oid.slice(prefix.length).split(".");
    const key = index.join(".");
    const row = rows.get(key) ?? {};
    if (column === "1") row.id = Number(varbind.value);
    else if (column === "2") row.descr = String(varbind.value).replace(/^\./, "");
    else if (column === "3") row.time = Number(varbind.value);
    rows.set(key, row);
  }
  // A row whose description cannot be read is still an active alarm: kept (as an unknown one), not dropped,
  // or the alarm it stands for would resolve by absence while it lasts.
  return [...rows.entries()].map(([key, row]) => ({
    mib, id: row.id ?? Number(key), descr: row.descr || `unreadable (row ${key})`, time: row.time ?? null,
  }));
}
