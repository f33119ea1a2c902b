// Addon runtimes (DESIGN §4.3): one AddonRuntime interface, an isolated-vm and a worker-thread
// implementation, and a factory that checks trust. The normalize benchmark lives in
// ./bench.ts (dev tooling: it bundles fixtures with esbuild), deliberately not exported here.
export type {
  AddonBundle, AddonLimits, AddonRef, AddonRuntime, AddonRuntimeStats, CallOptions, InstanceSpec, PollOutput,
  ReceiveOutcome, RecordedError, RuntimeKind, TrustLevel,
} from "./types.ts";
export { CAPABILITY_CALLS, type CapabilityCall, type HostCapabilities } from "./capabilities.ts";
export { DEFAULT_LIMITS } from "./limits.ts";
export { createAddonRuntime, type RuntimeOptions } from "./create-runtime.ts";
export { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
export { createWorkerRuntime } from "./worker/worker-runtime.ts";
export { assertRuntimeAllowed } from "./trust.ts";
