import { hostError } from "../errors.ts";
import type { RuntimeKind, TrustLevel } from "./types.ts";

/** The worker runtime runs full Node: only for addons signed by a `core` or `trusted` key (DESIGN §4.2). */
export function assertRuntimeAllowed(kind: RuntimeKind, trust: TrustLevel, what = "this addon"): void {
  if (kind === "worker" && trust !== "core" && trust !== "trusted") {
    throw hostError("ADDON_RUNTIME_NOT_ALLOWED", `${what} is ${trust}: the worker runtime is only for core and trusted addons`);
  }
}
