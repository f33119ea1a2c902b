import type { Ctx, Logger, RawEvent, Target } from "@opsconductor/sdk";
import type { HostCapabilities } from "../../runtime/capabilities.ts";
import type { Clock } from "../../util/clock.ts";
import type { ConnectorStateStore } from "../state/state-store.ts";

/** What a connector instance may touch, from its addon's manifest `permissions`. */
export type BrokerPermission = "http" | "snmp" | "ssh" | "traps";

/** Capabilities that are counted in stats. */
export type CapabilityName = "http" | "snmp" | "ssh" | "state" | "log" | "emit";

export interface BrokerLimits {
  /** Wall-clock cap of one capability call (an HTTP exchange with its redirects and auth legs, an SNMP walk, one shell command). */
  timeoutMs: number;
  /** Cap of one HTTP body, one SNMP walk, one SSH command's output. */
  maxResponseBytes: number;
  /**
   * Network calls (http, snmp, ssh) allowed between two `beginOperation()`: each poll, connection
   * test, device sync, device lookup or pushed delivery the host starts grants this many.
   */
  callsPerOperation: number;
  /** ctx.state caps; defaults 64 KiB per value and 1 MiB per instance (64 bytes counted per key beside keys and values). */
  stateMaxValueBytes?: number;
  stateMaxTotalBytes?: number;
  /**
   * ctx.state calls (get and set alike) allowed between two `beginOperation()`, a budget of their
   * own beside the network calls'; default 1,000.
   */
  stateCallsPerOperation?: number;
  /** ctx.log lines per minute before lines are dropped (and counted); default 120. */
  logLinesPerMinute?: number;
}

export interface BrokerOptions {
  instanceId: string;
  addonId: string;
  permissions: readonly BrokerPermission[];
  /** The instance's own targets: the only hosts its calls may reach. */
  targets: readonly Target[];
  /** Non-secret config fields (what the sandbox sees as ctx.config). */
  config: Readonly<Record<string, unknown>>;
  /** Decrypted sensitive fields. They stay host-side: injected into requests, redacted from everything else. */
  secrets: Readonly<Record<string, unknown>>;
  stateStore: ConnectorStateStore;
  limits: BrokerLimits;
  /** Host log sink; ctx.log lines and the broker's own diagnostics go here, redacted. */
  logger: Logger;
  /** Where ctx.emit (push: traps, webhooks) delivers; without it ctx.emit is refused. */
  emit?: (events: RawEvent[]) => Promise<void>;
  clock?: Clock;
}

/** What the runtime lends the sandbox (its HostCapabilities), plus a host-clock `now`. */
export type BrokerCapabilities = HostCapabilities & Pick<Ctx, "now">;

export interface CapabilityStats {
  calls: number;
  errors: number;
  bytesIn: number;
  bytesOut: number;
}

export interface BrokerStats {
  /** Network calls made since the last `beginOperation()`. */
  pollCalls: number;
  capabilities: Record<CapabilityName, CapabilityStats>;
}

export interface Broker {
  readonly instanceId: string;
  /** Hand these (and only these) to the sandbox; `beginOperation`, `stats` and `close` stay host-side. */
  readonly capabilities: BrokerCapabilities;
  /**
   * Starts an operation (a poll, test, sync or delivery) with its allowances of network calls and
   * of ctx.state calls and of emitted events, pooled with operations already running (see
   * CallBudget); call the returned function when it ends.
   */
  beginOperation(): () => void;
  stats(): BrokerStats;
  /** Closes every pool, SNMP session and SSH connection; later calls fail with BROKER_CLOSED. */
  close(): Promise<void>;
}
