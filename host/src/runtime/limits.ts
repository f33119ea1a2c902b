import type { AddonLimits } from "./types.ts";

export type ResolvedLimits = Required<AddonLimits>;

export const DEFAULT_LIMITS: ResolvedLimits = {
  memoryMb: 64,
  cpuTimeoutMs: 1_000,
  callDeadlineMs: 30_000,
  normalizeBatchSize: 1_000,
  restartBaseMs: 500,
  restartMaxMs: 60_000,
  workerConcurrency: 8,
};

/** Per-addon limits over the runtime's defaults over the built-in ones. */
export function resolveLimits(...layers: Array<AddonLimits | undefined>): ResolvedLimits {
  const resolved: ResolvedLimits = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer) as Array<[keyof ResolvedLimits, number | undefined]>) {
      if (typeof value === "number" && Number.isFinite(value) && value > 0) resolved[key] = value;
    }
  }
  return resolved;
}
