import { OcError } from "@opsconductor/sdk";

/**
 * Faults that leave the sandbox state untrustworthy: the instance is rebuilt (with
 * back-off). Other failures (the addon threw, returned garbage) are answers from a
 * healthy sandbox: recorded, never restarted.
 */
const CRASH_CODES: ReadonlySet<string> = new Set([
  "ADDON_TIMEOUT",
  "ADDON_MEMORY_LIMIT",
  "ADDON_DEADLINE_EXCEEDED",
  "ADDON_CRASHED",
]);

export function isCrash(error: unknown): boolean {
  return error instanceof OcError && CRASH_CODES.has(error.code);
}
