// Realistic ASA command outputs for the simulator's `outputs` map, in several states.
import { FAILOVER_ACTIVE } from "./failover.ts";
import { INTERFACES_UP } from "./interfaces.ts";
import { CPU_LOW, MEMORY_LOW } from "./resources.ts";
import { showCryptoIsakmpSa, showVpnSessiondbL2l } from "./vpn.ts";
import { SHOW_VERSION } from "./version.ts";

export * from "./failover.ts";
export * from "./interfaces.ts";
export * from "./resources.ts";
export * from "./vpn.ts";
export * from "./version.ts";
export * from "./whitespace.ts";

/** A healthy active unit with two L2L peers up; `overrides` replace single commands' outputs. */
export function asaOutputs(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "show version": SHOW_VERSION,
    "show failover": FAILOVER_ACTIVE,
    "show interface ip brief": INTERFACES_UP,
    "show cpu usage": CPU_LOW,
    "show memory": MEMORY_LOW,
    "show vpn-sessiondb l2l": showVpnSessiondbL2l([{ peer: "198.51.100.7" }, { peer: "198.51.100.9", protocol: "IKEv1 IPsec" }]),
    "show crypto isakmp sa": showCryptoIsakmpSa([{ peer: "198.51.100.7", state: "READY", version: 2 }, { peer: "198.51.100.9", state: "MM_ACTIVE" }]),
    ...overrides,
  };
}
