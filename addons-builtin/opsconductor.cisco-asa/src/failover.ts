/** What `show failover` says about an active/standby pair, seen from the polled unit. */
export interface FailoverStatus {
  enabled: boolean;
  /** `Primary` or `Secondary`. */
  unit?: string;
  /** Failover LAN link: true up, false down, undefined not configured. */
  lanUp?: boolean;
  /** `Last Failover at:` text; it changes at every failover. */
  lastFailover?: string;
  /** `Active`, `Standby Ready`, `Failed`, `Cold Standby`, `Sync Config`... */
  thisState?: string;
  otherState?: string;
}

/** States of a healthy pair member. */
export const HEALTHY_STATES = new Set(["Active", "Standby Ready"]);
/** States a unit passes through while it joins the pair: an alarm only when they last. */
export const TRANSITIONAL_STATES = new Set(["Negotiation", "Sync Config", "Sync File System", "Bulk Sync", "Just Active",
  "Active Drain", "Active Applying Config", "Active Config Applied"]);

const FAILOVER_ON_OFF = /^\s*Failover (On|Off)\s*$/m;
const UNIT = /^\s*Failover unit (\w+)/m;
const LAN = /^\s*Failover LAN Interface:\s*(.*?)\s*$/m;
const LAST_FAILOVER = /^\s*Last Failover at:\s*(.*?)\s*$/m;
const HOST_STATE = (who: "This" | "Other") => new RegExp(`^\\s*${who} host:\\s*\\w+\\s+-\\s+(.+?)\\s*$`, "m");

/**
 * Parses `show failover` (indented as the device prints it, or stripped as in ntc-templates);
 * null when the output is not that command's (an error line, a truncated session).
 *
 * @example
 * parseFailover("Failover Off \nFailover unit Secondary"); // { enabled: false, unit: "Secondary" }
 */
export function parseFailover(output: string): FailoverStatus | null {
  const onOff = FAILOVER_ON_OFF.exec(output);
  if (!onOff) return null;
  const status: FailoverStatus = { enabled: onOff[1] === "On" };
  const unit = UNIT.exec(output)?.[1];
  if (unit) status.unit = unit;
  const lan = LAN.exec(output)?.[1];
  if (lan && !/not configured/i.test(lan)) status.lanUp = /\(up\)$/i.test(lan);
  const last = LAST_FAILOVER.exec(output)?.[1];
  if (last) status.lastFailover = last;
  const thisState = HOST_STATE("This").exec(output)?.[1];
  if (thisState) status.thisState = thisState;
  const otherState = HOST_STATE("Other").exec(output)?.[1];
  if (otherState) status.otherState = otherState;
  return status;
}

/** True when the unit's state is a steady Active/Standby (not `Failed`, not transitional). */
export function isHealthyState(state: string | undefined): boolean {
  return state !== undefined && HEALTHY_STATES.has(state);
}

/** The role of a state for role-change events: `active`, `standby` or undefined (neither). */
export function roleOf(state: string | undefined): "active" | "standby" | undefined {
  if (state === undefined) return undefined;
  if (/^Active/.test(state) || state === "Just Active") return "active";
  if (/^Standby/.test(state)) return "standby";
  return undefined;
}
