import type { HostCall, GuestArg, GuestInit, GuestOp } from "./guest/protocol.ts";
import type { ResolvedLimits } from "./limits.ts";
import type { AddonBundle } from "./types.ts";

/**
 * What a runtime implementation provides: the sandbox of one addon version (an isolate,
 * or a worker pool). The supervisor on top (supervised-runtime.ts) owns deadlines,
 * restarts, validation and stats, identically for both.
 */
export interface Sandbox {
  /** Starts the guest side of one connector instance; `hostCall` is its only door out. */
  startInstance(init: GuestInit, hostCall: HostCall): Promise<SandboxInstance>;
  usage(): SandboxUsage;
  dispose(): Promise<void>;
}

export interface SandboxInstance {
  /** False once its guest state is gone (disposed, or the isolate/worker behind it died). */
  readonly alive: boolean;
  /**
   * One guest op; resolves with the guest's JSON envelope. Rejects only with a crash
   * (ADDON_TIMEOUT over the CPU budget, ADDON_MEMORY_LIMIT, ADDON_CRASHED) or
   * ADDON_RESULT_INVALID when the answer cannot even be copied out.
   */
  call(op: GuestOp, args: readonly GuestArg[]): Promise<string>;
  /** Drops the guest state, also while a call is stuck in it. */
  dispose(): void;
}

export interface SandboxUsage {
  cpuTimeMs: number;
  heapUsedBytes: number;
}

export type SandboxFactory = (addon: AddonBundle, limits: ResolvedLimits) => Promise<Sandbox>;
