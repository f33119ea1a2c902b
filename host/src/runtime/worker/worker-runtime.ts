import type { Clock } from "../../util/clock.ts";
import { SupervisedRuntime } from "../supervised-runtime.ts";
import type { AddonLimits } from "../types.ts";
import { openWorkerSandbox } from "./worker-sandbox.ts";

/** The trusted runtime: full Node in a worker thread, for core and trusted addons only. */
export function createWorkerRuntime(options: { limits?: AddonLimits; clock?: Clock } = {}): SupervisedRuntime {
  return new SupervisedRuntime({ kind: "worker", openSandbox: openWorkerSandbox, ...options });
}
