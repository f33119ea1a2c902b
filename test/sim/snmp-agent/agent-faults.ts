// Scriptable faults of the simulated SNMP agent: the UDP/SNMP counterparts of the PRTG simulator's HTTP faults.
import type { SmiType } from "./snmp-agent.ts";

/**
 * - `hang`: the agent stops answering (requests are dropped unread): managers time out;
 * - `slow`: every request reaches the agent `ms` late, so every answer is that late;
 * - `auth`: the agent forgets its communities and users: a v1/v2c request is dropped, as agents
 *   do with a wrong community, and a v3 request gets the usmStatsUnknownUserNames report;
 * - `malformed`: the scalar at `oid` (or each of several) is served with `type` and `value`
 *   instead of its own; without a type it is gone (noSuchObject).
 */
export type SnmpAgentFault =
  | { kind: "hang" }
  | { kind: "slow"; ms: number }
  | { kind: "auth" }
  | { kind: "malformed"; oid: string | readonly string[]; type?: SmiType; value?: unknown };

const oidsOf = (fault: { oid: string | readonly string[] }): readonly string[] => (typeof fault.oid === "string" ? [fault.oid] : fault.oid);

/** What a fault changes inside the agent (its credentials, one scalar), and how to put it back. */
export interface FaultTargets {
  forgetCredentials(): void;
  restoreCredentials(): void;
  serveScalarAs(oid: string, as: { type: SmiType; value: unknown } | undefined): void;
  restoreScalar(oid: string): void;
}

/** The fault in force; `gate` wraps the agent's datagram handler so that hang and slow apply. */
export class AgentFaults {
  readonly #targets: FaultTargets;
  #fault: SnmpAgentFault | null = null;
  #closed = false;
  readonly #delayed = new Set<NodeJS.Timeout>();
  /** Requests (datagrams) received, answered or not. */
  received = 0;

  constructor(targets: FaultTargets) {
    this.#targets = targets;
  }

  /** Malformed scalars that do not exist are refused here, not discovered at the first request. */
  set(next: SnmpAgentFault | null): void {
    this.#undo();
    this.#fault = null;
    if (next?.kind === "auth") this.#targets.forgetCredentials();
    if (next?.kind === "malformed") {
      for (const oid of oidsOf(next)) this.#targets.serveScalarAs(oid, next.type === undefined ? undefined : { type: next.type, value: next.value });
    }
    this.#fault = next ? { ...next } : null;
  }

  /** Whether the scalar at `oid` is currently served malformed (its real value is kept aside). */
  covers(oid: string): boolean {
    return this.#fault?.kind === "malformed" && oidsOf(this.#fault).includes(oid);
  }

  gate<Args extends unknown[]>(deliver: (...args: Args) => void): (...args: Args) => void {
    return (...args) => {
      this.received += 1;
      const fault = this.#fault;
      if (this.#closed || fault?.kind === "hang") return;
      if (fault?.kind !== "slow") return deliver(...args);
      const timer = setTimeout(() => {
        this.#delayed.delete(timer);
        deliver(...args);
      }, fault.ms);
      this.#delayed.add(timer);
    };
  }

  /** No delayed request is delivered after this (its answer would go out of a closed socket). */
  close(): void {
    this.#closed = true;
    for (const timer of this.#delayed) clearTimeout(timer);
    this.#delayed.clear();
  }

  #undo(): void {
    const fault = this.#fault;
    if (fault?.kind === "auth") this.#targets.restoreCredentials();
    if (fault?.kind === "malformed") for (const oid of oidsOf(fault)) this.#targets.restoreScalar(oid);
  }
}
