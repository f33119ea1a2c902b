import type { BrokerStats, CapabilityName, CapabilityStats } from "./types.ts";

const CAPABILITIES: readonly CapabilityName[] = ["http", "snmp", "ssh", "state", "log", "emit"];

/** Counters per capability: calls, errors, bytes in and out. */
export class StatsRecorder {
  readonly #counters = new Map<CapabilityName, CapabilityStats>(
    CAPABILITIES.map((name) => [name, { calls: 0, errors: 0, bytesIn: 0, bytesOut: 0 }]),
  );

  call(capability: CapabilityName): void {
    this.#of(capability).calls += 1;
  }

  error(capability: CapabilityName): void {
    this.#of(capability).errors += 1;
  }

  bytesIn(capability: CapabilityName, bytes: number): void {
    this.#of(capability).bytesIn += bytes;
  }

  bytesOut(capability: CapabilityName, bytes: number): void {
    this.#of(capability).bytesOut += bytes;
  }

  snapshot(pollCalls: number): BrokerStats {
    const capabilities = Object.fromEntries(
      [...this.#counters].map(([name, counters]) => [name, { ...counters }]),
    ) as Record<CapabilityName, CapabilityStats>;
    return { pollCalls, capabilities };
  }

  #of(capability: CapabilityName): CapabilityStats {
    return this.#counters.get(capability)!;
  }
}
