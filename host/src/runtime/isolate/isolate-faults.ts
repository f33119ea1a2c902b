import type { OcError } from "@opsconductor/sdk";
import { hostError, type HostErrorCode } from "../../errors.ts";

const TIMED_OUT = "Script execution timed out.";

/**
 * Names what isolated-vm threw. Its errors are messages only; the ones that matter:
 * the per-call `timeout`, the memory limit (the isolate is then disposed), and calls that
 * were pending on an isolate someone disposed. Anything else came from guest code or an
 * uncopyable value, and gets `fallback`.
 */
export function isolateFault(error: unknown, limits: { cpuTimeoutMs: number; memoryMb: number }, fallback: HostErrorCode): OcError {
  const message = error instanceof Error ? error.message : String(error);
  if (message === TIMED_OUT) return cpuTimeout(limits.cpuTimeoutMs);
  if (/memory limit/i.test(message)) return memoryLimit(limits.memoryMb);
  if (/isolate (was|is) disposed|promise was abandoned/i.test(message)) return hostError("ADDON_CRASHED", "the addon's isolate was disposed during the call");
  return hostError(fallback, message.slice(0, 2_000));
}

export function cpuTimeout(cpuTimeoutMs: number): OcError {
  return hostError("ADDON_TIMEOUT", `the addon ran for more than its ${cpuTimeoutMs} ms CPU budget and was stopped`);
}

export function memoryLimit(memoryMb: number): OcError {
  return hostError("ADDON_MEMORY_LIMIT", `the addon went over its ${memoryMb} MB memory limit; its isolate was disposed`);
}
