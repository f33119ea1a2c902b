import type { Clock } from "../util/clock.ts";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { assertRuntimeAllowed } from "./trust.ts";
import type { AddonLimits, AddonRuntime, RuntimeKind, TrustLevel } from "./types.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";

export interface RuntimeOptions {
  /** Defaults for every addon the runtime loads; an addon's own limits win. */
  limits?: AddonLimits;
  clock?: Clock;
}

/**
 * A runtime of the given kind for addons of the given trust level. The worker runtime
 * runs full Node, so it is refused (ADDON_RUNTIME_NOT_ALLOWED) to community addons.
 */
export function createAddonRuntime(kind: RuntimeKind, trust: TrustLevel, options: RuntimeOptions = {}): AddonRuntime {
  assertRuntimeAllowed(kind, trust);
  return kind === "worker" ? createWorkerRuntime(options) : createIsolateRuntime(options);
}
