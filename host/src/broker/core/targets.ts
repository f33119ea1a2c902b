import type { Target } from "@opsconductor/sdk";
import { isIP } from "node:net";
import { hostError } from "../../errors.ts";

// A bare host name or IP literal: no scheme, path, credentials or port can hide in it.
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A bare host name or IP address: what a target's `host` must be (checked when a config is saved, and at each call). */
export function isBareHost(host: unknown): boolean {
  return typeof host === "string" && (isIP(host) !== 0 || HOST_NAME.test(host));
}

/** The instance's own targets, by id: the only places its calls may go. */
export class TargetRegistry {
  readonly #byId = new Map<string, Target>();

  constructor(targets: readonly Target[]) {
    for (const target of targets) this.#byId.set(target.id, Object.freeze({ ...target }));
  }

  /** The target with this id, or BROKER_TARGET_UNKNOWN. */
  get(id: unknown): Target {
    const target = typeof id === "string" ? this.#byId.get(id) : undefined;
    if (!target) {
      throw hostError("BROKER_TARGET_UNKNOWN",
        `target ${JSON.stringify(String(id)).slice(0, 120)} is not one of this connector instance's targets`);
    }
    if (!isBareHost(target.host)) {
      throw hostError("BROKER_TARGET_UNKNOWN", `target '${target.id}' has no valid host (a name or an IP address, nothing else)`);
    }
    return target;
  }
}

/** A protocol-specific port (`snmp_port`, `ssh_port`, `http_port`), else `port`, else the default. */
export function portOf(target: Target, specificField: string, fallback: number): number {
  for (const value of [target[specificField], target.port]) {
    const port = typeof value === "string" ? Number(value) : value;
    if (typeof port === "number" && Number.isInteger(port) && port > 0 && port < 65536) return port;
  }
  return fallback;
}
