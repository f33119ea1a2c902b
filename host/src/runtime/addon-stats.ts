import { toErrorData } from "@opsconductor/sdk";
import { iso, type Clock } from "../util/clock.ts";
import type { CapabilityMeter } from "./host-bridge.ts";
import type { AddonRuntimeStats, RecordedError, RuntimeKind } from "./types.ts";
import type { SandboxUsage } from "./sandbox.ts";

/** Counters of one addon version; the sandbox reports CPU and heap, the supervisor the rest. */
export class AddonStats implements CapabilityMeter {
  readonly #id: string;
  readonly #version: string;
  readonly #runtime: RuntimeKind;
  readonly #clock: Clock;
  polls = 0;
  failures = 0;
  restarts = 0;
  capabilityCalls = 0;
  capabilityBytes = 0;
  capabilityCallsOutsideOperations = 0;
  lastError: RecordedError | null = null;

  constructor(id: string, version: string, runtime: RuntimeKind, clock: Clock) {
    this.#id = id;
    this.#version = version;
    this.#runtime = runtime;
    this.#clock = clock;
  }

  record(bytes: number): void {
    this.capabilityCalls += 1;
    this.capabilityBytes += bytes;
  }

  heldOutsideOperation(): void {
    this.capabilityCallsOutsideOperations += 1;
  }

  failed(error: unknown): void {
    this.failures += 1;
    const { code, message } = toErrorData(error);
    this.lastError = { code, message, at: iso(this.#clock.now()) };
  }

  snapshot(instances: number, usage: SandboxUsage): AddonRuntimeStats {
    return {
      id: this.#id,
      version: this.#version,
      runtime: this.#runtime,
      instances,
      polls: this.polls,
      failures: this.failures,
      restarts: this.restarts,
      cpuTimeMs: Math.round(usage.cpuTimeMs * 1000) / 1000,
      heapUsedBytes: usage.heapUsedBytes,
      capabilityCalls: this.capabilityCalls,
      capabilityBytes: this.capabilityBytes,
      capabilityCallsOutsideOperations: this.capabilityCallsOutsideOperations,
      lastError: this.lastError,
    };
  }
}
