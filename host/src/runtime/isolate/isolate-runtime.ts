import type { Clock } from "../../util/clock.ts";
import { SupervisedRuntime } from "../supervised-runtime.ts";
import type { AddonLimits } from "../types.ts";
import { openIsolateSandbox } from "./isolate-sandbox.ts";

/** The default runtime, and the only one for community addons: isolated-vm. */
export function createIsolateRuntime(options: { limits?: AddonLimits; clock?: Clock } = {}): SupervisedRuntime {
  return new SupervisedRuntime({ kind: "isolate", openSandbox: openIsolateSandbox, ...options });
}
