import type { Target } from "@opsconductor/sdk";

/** The instance settings the connector reads from ctx.config (secrets never appear here). */
export interface AsaSettings {
  cpuPercent: number;
  memoryPercent: number;
  useEnable: boolean;
  vpnCommand: VpnCommand;
}

export const VPN_COMMANDS = ["show vpn-sessiondb l2l", "show crypto isakmp sa"] as const;
export type VpnCommand = (typeof VPN_COMMANDS)[number];

export const DEFAULT_THRESHOLDS = { cpu_percent: 85, memory_percent: 90 } as const;

/** A target of this addon: an ASA, with the L2L peers it should have tunnels to. */
export interface AsaTarget extends Target {
  vpn_peers?: string[];
  /** This unit belongs to a failover pair: `Failover Off` is an alarm. */
  expect_failover?: boolean;
}

export function settingsOf(config: Readonly<Record<string, unknown>>): AsaSettings {
  const thresholds = (config.thresholds ?? {}) as Record<string, unknown>;
  const vpnCommand = VPN_COMMANDS.find((command) => command === config.vpn_command) ?? VPN_COMMANDS[0];
  return {
    cpuPercent: numberOr(thresholds.cpu_percent, DEFAULT_THRESHOLDS.cpu_percent),
    memoryPercent: numberOr(thresholds.memory_percent, DEFAULT_THRESHOLDS.memory_percent),
    useEnable: config.use_enable !== false,
    vpnCommand,
  };
}

/** The expected L2L peers of a target (blank entries dropped). */
export function vpnPeersOf(target: AsaTarget): string[] {
  return Array.isArray(target.vpn_peers) ? target.vpn_peers.map((peer) => String(peer).trim()).filter(Boolean) : [];
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
