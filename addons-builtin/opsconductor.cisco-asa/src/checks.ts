// Parsed command outputs → observations (see observations.ts). Pure functions.
import { isHealthyState, roleOf, TRANSITIONAL_STATES, type FailoverStatus } from "./failover.ts";
import { isInterfaceDown, type InterfaceStatus } from "./interfaces.ts";
import type { Observation } from "@opsconductor/sdk";
import type { CpuUsage, MemoryUsage } from "./resources.ts";
import { isTunnelUp, type VpnPeers } from "./vpn.ts";

/** A usage alarm clears only once the value is this many points under its threshold (no flapping at the edge). */
export const HYSTERESIS_POINTS = 5;
export const FAILOVER_RESOURCE = "failover";

/** What the connector remembers of the failover state between polls. */
export interface FailoverMemory {
  thisState?: string;
  /** A unit was in a transitional state (Sync Config, Bulk Sync...) at the last poll. */
  transitional: boolean;
}

export function failoverMemory(status: FailoverStatus): FailoverMemory {
  const transitional = [status.thisState, status.otherState].some((state) => state !== undefined && TRANSITIONAL_STATES.has(state));
  return status.thisState === undefined ? { transitional } : { thisState: status.thisState, transitional };
}

/**
 * `failover_off` (a unit expected in a pair has failover disabled) and `failover_degraded`
 * (failover LAN link down, a unit Failed / Cold Standby / Disabled, both Active, or a
 * transitional state seen at two polls in a row).
 */
export function failoverObservations(status: FailoverStatus, expectFailover: boolean, previous: FailoverMemory | undefined): Observation[] {
  const metrics = { enabled: status.enabled, unit: status.unit ?? null, this_state: status.thisState ?? null,
    other_state: status.otherState ?? null, lan_up: status.lanUp ?? null, last_failover: status.lastFailover ?? null };
  const reasons = status.enabled ? degradedReasons(status, previous) : [];
  return [
    { problem: "failover_off", clear: "failover_on", resource: FAILOVER_RESOURCE, active: expectFailover && !status.enabled, metrics,
      message: status.enabled ? "failover is on" : `failover is off on the ${status.unit ?? "unit"}, which should be part of a failover pair` },
    { problem: "failover_degraded", clear: "failover_restored", resource: FAILOVER_RESOURCE, active: reasons.length > 0, metrics,
      message: reasons.length > 0 ? `failover pair degraded: ${reasons.join("; ")}`
        : status.enabled ? `failover pair healthy: this unit ${status.thisState ?? "?"}, mate ${status.otherState ?? "?"}` : "failover is off" },
  ];
}

function degradedReasons(status: FailoverStatus, previous: FailoverMemory | undefined): string[] {
  const reasons: string[] = [];
  if (status.lanUp === false) reasons.push("failover LAN link down");
  for (const [who, state] of [["this unit", status.thisState], ["mate", status.otherState]] as const) {
    // Unread (active/active failover groups, an unknown layout): not known healthy, so not called healthy.
    if (state === undefined) {
      reasons.push(`${who}'s state not read from show failover`);
      continue;
    }
    if (isHealthyState(state)) continue;
    if (TRANSITIONAL_STATES.has(state) && !previous?.transitional) continue;
    reasons.push(`${who} ${state}`);
  }
  if (status.thisState === "Active" && status.otherState === "Active") reasons.push("both units active");
  return reasons;
}

/** The role this unit took since the last poll (`failover_active` / `failover_standby`), if it changed. */
export function roleChange(status: FailoverStatus, previous: FailoverMemory | undefined): { type: string; message: string; metrics: Record<string, unknown> } | null {
  const before = roleOf(previous?.thisState);
  const now = roleOf(status.thisState);
  if (!before || !now || before === now) return null;
  return {
    type: now === "active" ? "failover_active" : "failover_standby",
    message: `failover: this unit (${status.unit ?? "?"}) is now ${status.thisState} (was ${previous!.thisState}); last failover at ${status.lastFailover ?? "?"}`,
    metrics: { unit: status.unit ?? null, state: status.thisState, previous_state: previous!.thisState, last_failover: status.lastFailover ?? null },
  };
}

/** `interface_down` per addressed interface (resource = interface name); administratively down is healthy. */
export function interfaceObservations(rows: readonly InterfaceStatus[]): Observation[] {
  return rows.filter((row) => row.ip !== "unassigned").map((row) => {
    const down = isInterfaceDown(row);
    return {
      problem: "interface_down", clear: "interface_up", resource: row.name, active: down,
      metrics: { interface: row.name, ip: row.ip, status: row.status, protocol: row.protocol },
      message: down ? `${row.name} (${row.ip}) is ${row.status}, line protocol ${row.protocol}` : `${row.name} (${row.ip}) is ${row.status}`,
    };
  });
}

/** `high_cpu` on the 5-minute average; `wasActive`: it was raised at the last poll (hysteresis). */
export function cpuObservation(cpu: CpuUsage, threshold: number, wasActive: boolean): Observation {
  const value = cpu.fiveMinutes;
  return {
    problem: "high_cpu", clear: "high_cpu_normal", active: overThreshold(value, threshold, wasActive),
    metrics: { cpu_5s: cpu.fiveSeconds, cpu_1m: cpu.oneMinute, cpu_5m: value, threshold },
    message: `CPU ${value}% over 5 minutes (threshold ${threshold}%)`,
  };
}

export function memoryObservation(memory: MemoryUsage, threshold: number, wasActive: boolean): Observation {
  const value = memory.usedPercent;
  return {
    problem: "high_memory", clear: "high_memory_normal", active: overThreshold(value, threshold, wasActive),
    metrics: { memory_used_percent: value, memory_used_bytes: memory.usedBytes, memory_total_bytes: memory.totalBytes, threshold },
    message: `memory ${value}% used (threshold ${threshold}%)`,
  };
}

function overThreshold(value: number, threshold: number, wasActive: boolean): boolean {
  return value >= threshold || (wasActive && value > threshold - HYSTERESIS_POINTS);
}

/** `vpn_tunnel_down` per expected peer (resource = peer IP) without a session / established SA. */
export function vpnObservations(expectedPeers: readonly string[], peers: VpnPeers, source: string): Observation[] {
  return expectedPeers.map((peer) => {
    const state = peers.get(peer);
    const up = isTunnelUp(state);
    return {
      problem: "vpn_tunnel_down", clear: "vpn_tunnel_up", resource: peer, active: !up,
      metrics: { peer, state: state ?? "absent", source },
      message: up ? `L2L tunnel to ${peer} is up` : state ? `L2L tunnel to ${peer} is not established (${state})` : `no L2L tunnel to ${peer}`,
    };
  });
}
