import type { MappingSnapshot, Target } from "@opsconductor/sdk";
import type { HostCapabilities } from "../capabilities.ts";
import type { AddonBundle, AddonLimits, InstanceSpec, RuntimeKind } from "../types.ts";
import { buildAddonBundle, fixtureSource } from "./build-addon.ts";

export const TARGETS: Target[] = [
  { id: "sw1", host: "192.0.2.10", name: "Switch 1" },
  { id: "sw2", host: "192.0.2.11", name: "Switch 2" },
];

export function mappingsFor(connectorType: string): MappingSnapshot {
  return {
    connector_type: connectorType,
    severity: { link_down: { severity: "major" }, debug_noise: { severity: "info", enabled: false } },
    category: {},
  };
}

/** A fixture addon, bundled, as `load` takes it. */
export async function fixtureBundle(
  fixture: string, id: string, runtime: RuntimeKind = "isolate", limits?: AddonLimits,
): Promise<AddonBundle> {
  const bundleCode = await buildAddonBundle(fixtureSource(fixture));
  return { id, version: "1.0.0", bundleCode, runtime, trust: runtime === "worker" ? "trusted" : "community", ...(limits ? { limits } : {}) };
}

export function instanceSpec(addon: AddonBundle, capabilities: HostCapabilities, config: Record<string, unknown> = {}): InstanceSpec {
  return { addon: { id: addon.id, version: addon.version }, config, targets: TARGETS, mappings: mappingsFor(addon.id), capabilities };
}
