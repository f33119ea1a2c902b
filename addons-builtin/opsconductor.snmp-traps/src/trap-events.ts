import type { TrapMessage, Varbind } from "@opsconductor/sdk";
import { alarmInfo, POWER_STATE_ALARMS, xupsAlarmOid } from "./ups-alarms.ts";
import { instanceOf, payloadOf, SYS_UPTIME, varbindUnder } from "./varbinds.ts";

/** What one trap means: an alert type, the sub-object it is about, and what it said. */
export interface TrapEvent {
  alert_type: string;
  resource?: string;
  metrics: Record<string, unknown>;
  message: string;
}

const SNMP_TRAPS = "1.3.6.1.6.3.1.1.5";
const GENERIC_TYPES: Record<string, string> = {
  [`${SNMP_TRAPS}.1`]: "cold_start", [`${SNMP_TRAPS}.2`]: "warm_start", [`${SNMP_TRAPS}.3`]: "link_down",
  [`${SNMP_TRAPS}.4`]: "link_up", [`${SNMP_TRAPS}.5`]: "authentication_failure", [`${SNMP_TRAPS}.6`]: "egp_neighbor_loss",
};
const IF_INDEX = "1.3.6.1.2.1.2.2.1.1";
const IF_DESCR = "1.3.6.1.2.1.2.2.1.2";
const IF_ADMIN_STATUS = "1.3.6.1.2.1.2.2.1.7";
const IF_OPER_STATUS = "1.3.6.1.2.1.2.2.1.8";
const IF_NAME = "1.3.6.1.2.1.31.1.1.1.1";
const IF_ALIAS = "1.3.6.1.2.1.31.1.1.1.18";
const IF_STATUS = ["", "up", "down", "testing", "unknown", "dormant", "notPresent", "lowerLayerDown"];

/** xupsTrapDefined `…534.1.11.4.1.0.N`, the port variant `…11.4.2.0.N`, and the odd `…534.1.0.0.0.N` some cards send. */
const XUPS_TRAP = /^1\.3\.6\.1\.4\.1\.534\.1\.(?:11\.4\.[12]\.0|0\.0\.0)\.(\d+)$/;
const XUPS_ALARM_DESCR = "1.3.6.1.4.1.534.1.7.2.1.2";
const XUPS_TRAP_CONTROL = "1.3.6.1.4.1.534.1.11";
const XUPS_PAIRS: Record<number, string> = {
  1: "ups_control_off", 2: "ups_control_on", 3: "on_battery", 4: "low_battery", 5: "utility_power_restored", 6: "return_from_low_battery",
};
const XUPS_ALARM_ADDED = 21;
const XUPS_ALARM_REMOVED = 22;
/** RFC 1628 upsTraps `1.3.6.1.2.1.33.2.N`; through SNMPv1 they arrive as `…33.2.0.N` (RFC 3584). */
const UPS_TRAP = /^1\.3\.6\.1\.2\.1\.33\.2\.(?:0\.)?(\d+)$/;
const UPS_ALARM_DESCR = "1.3.6.1.2.1.33.1.6.2.1.2";

/**
 * Maps one trap (already in the SNMPv2 form: the host translates v1 per RFC 3584) to an event:
 * linkDown/linkUp on `ifIndex:N`; coldStart/warmStart; authenticationFailure; Eaton XUPS and
 * RFC 1628 UPS traps; anything else is an `snmp_trap` notice carrying its OID and varbinds.
 *
 * @example
 * eventOfTrap(message); // { alert_type: "link_down", resource: "ifIndex:3", ... }
 */
export function eventOfTrap(message: TrapMessage): TrapEvent {
  const common = { trap_oid: message.trapOid, snmp_version: message.version, uptime: varbindUnder(message.varbinds, SYS_UPTIME)?.value ?? null };
  const generic = GENERIC_TYPES[message.trapOid];
  if (generic === "link_down" || generic === "link_up") return linkEvent(generic, message.varbinds, common);
  if (generic) return { alert_type: generic, metrics: common, message: GENERIC_MESSAGES[generic]! };
  const xups = XUPS_TRAP.exec(message.trapOid);
  if (xups) return xupsEvent(Number(xups[1]), message.varbinds, common);
  const ups = UPS_TRAP.exec(message.trapOid);
  if (ups) {
    const event = upsMibEvent(Number(ups[1]), message.varbinds, common);
    if (event) return event;
  }
  return unknownTrap(message, common);
}

const GENERIC_MESSAGES: Record<string, string> = {
  cold_start: "the device restarted (coldStart): its configuration may have changed",
  warm_start: "the agent re-initialised (warmStart)",
  authentication_failure: "an SNMP request with a wrong community or user reached the device (authenticationFailure)",
  egp_neighbor_loss: "an EGP neighbour was lost (egpNeighborLoss)",
};

function linkEvent(type: "link_down" | "link_up", varbinds: readonly Varbind[], common: Record<string, unknown>): TrapEvent {
  const indexVarbind = varbindUnder(varbinds, IF_INDEX);
  const columnVarbind = [IF_OPER_STATUS, IF_ADMIN_STATUS, IF_DESCR, IF_NAME]
    .map((column) => [column, varbindUnder(varbinds, column)] as const).find(([, varbind]) => varbind);
  const ifIndex = indexVarbind?.value ?? (columnVarbind ? instanceOf(columnVarbind[1]!, columnVarbind[0]) : null);
  const text = (column: string) => {
    const value = varbindUnder(varbinds, column)?.value;
    return value === undefined || value === null || value === "" ? undefined : String(value);
  };
  const status = (column: string) => IF_STATUS[Number(varbindUnder(varbinds, column)?.value)] ?? null;
  const name = text(IF_NAME) ?? text(IF_DESCR);
  const metrics = {
    ...common, ifIndex: indexOf(ifIndex), ifName: text(IF_NAME) ?? null,
    ifDescr: text(IF_DESCR) ?? null, ifAlias: text(IF_ALIAS) ?? null, ifAdminStatus: status(IF_ADMIN_STATUS), ifOperStatus: status(IF_OPER_STATUS),
  };
  const what = name ?? (metrics.ifIndex === null ? "an interface" : `ifIndex ${metrics.ifIndex}`);
  const adminDown = metrics.ifAdminStatus === "down" ? " (administratively down)" : "";
  return {
    alert_type: type, ...(metrics.ifIndex !== null && { resource: `ifIndex:${metrics.ifIndex}` }), metrics: { ...metrics, interface: what },
    message: type === "link_down" ? `${what} is down${adminDown}` : `${what} is up`,
  };
}

/**
 * An ifIndex as a number; a value that is not a whole number (a device sending the interface's
 * name there) as its text, so that linkUp still clears exactly its linkDown: as NaN, every such
 * interface shared one key.
 */
function indexOf(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  if (text === "") return null;
  return /^\d+$/.test(text) ? Number(text) : text.slice(0, 100);
}

function xupsEvent(specific: number, varbinds: readonly Varbind[], common: Record<string, unknown>): TrapEvent {
  const text = varbinds.find((varbind) => varbind.type === "OctetString" && varbind.oid.replace(/^\./, "").startsWith(`${XUPS_TRAP_CONTROL}.`))?.value;
  const said = text === undefined || text === null ? undefined : String(text);
  const metrics = { ...common, xups_trap: specific };
  if (specific === XUPS_ALARM_ADDED || specific === XUPS_ALARM_REMOVED) {
    const descr = varbindUnder(varbinds, XUPS_ALARM_DESCR)?.value;
    return alarmEntryEvent(specific === XUPS_ALARM_ADDED, descr, metrics, said);
  }
  const paired = XUPS_PAIRS[specific];
  if (paired) return { alert_type: paired, metrics, message: said ?? paired.replaceAll("_", " ") };
  // Any other XUPS trap announces the alarm with the same number: an ups_alarm that AlarmEntryRemoved clears.
  return alarmEntryEvent(true, xupsAlarmOid(specific), metrics, said);
}

function upsMibEvent(trap: number, varbinds: readonly Varbind[], common: Record<string, unknown>): TrapEvent | undefined {
  if (trap === 1) {
    const minutes = varbindUnder(varbinds, "1.3.6.1.2.1.33.1.2.3")?.value ?? null;
    const seconds = varbindUnder(varbinds, "1.3.6.1.2.1.33.1.2.2")?.value ?? null;
    return { alert_type: "on_battery", metrics: { ...common, minutes_remaining: minutes, seconds_on_battery: seconds },
      message: `on battery${seconds !== null ? ` for ${seconds} s` : ""}, ${minutes ?? "?"} min remaining (upsTrapOnBattery)` };
  }
  if (trap === 2) return { alert_type: "ups_test_completed", metrics: common, message: "UPS diagnostic test completed (upsTrapTestCompleted)" };
  if (trap === 3 || trap === 4) return alarmEntryEvent(trap === 3, varbindUnder(varbinds, UPS_ALARM_DESCR)?.value, common, undefined);
  return undefined;
}

/** An alarm entry added/removed: power-state alarms map onto their pair, the rest are `ups_alarm` keyed by the alarm OID. */
function alarmEntryEvent(added: boolean, descr: unknown, metrics: Record<string, unknown>, said: string | undefined): TrapEvent {
  const oid = descr === undefined || descr === null ? undefined : String(descr).replace(/^\./, "");
  const info = oid ? alarmInfo(oid) : { name: "unknown alarm", severity: "major" as const };
  const state = oid ? POWER_STATE_ALARMS[oid] : undefined;
  const alarmMetrics = { ...metrics, alarm: info.name, alarm_oid: oid ?? null, ...(!state && { alarm_severity: info.severity }) };
  const message = said ?? `alarm ${info.name} ${added ? "raised" : "cleared"}`;
  if (state) return { alert_type: added ? state.raise : state.clear, metrics: alarmMetrics, message };
  return { alert_type: added ? "ups_alarm" : "ups_alarm_cleared", ...(oid && { resource: oid }), metrics: alarmMetrics, message };
}

function unknownTrap(message: TrapMessage, common: Record<string, unknown>): TrapEvent {
  const varbinds = payloadOf(message.varbinds);
  const shown = varbinds.slice(0, 5).map((varbind) => `${varbind.oid}=${String(varbind.value)}`).join(", ");
  return {
    alert_type: "snmp_trap", resource: message.trapOid,
    metrics: { ...common, varbinds, ...(message.v1 && { enterprise: message.v1.enterprise, generic: message.v1.generic, specific: message.v1.specific }) },
    message: `trap ${message.trapOid}${shown ? `: ${shown}${varbinds.length > 5 ? ", …" : ""}` : ""}`,
  };
}
