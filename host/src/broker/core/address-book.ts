import type { Target } from "@opsconductor/sdk";
import { lookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { hostError } from "../../errors.ts";

export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves each target's host once and pins it: every later connection of the
 * instance goes to that address, so a DNS answer that changes between calls (DNS
 * rebinding) cannot move a target elsewhere. A target that names its `address`
 * is refused when its host does not resolve to it.
 */
export class AddressBook {
  readonly #pinned = new Map<string, Promise<PinnedAddress>>();

  resolve(target: Target): Promise<PinnedAddress> {
    let pinned = this.#pinned.get(target.id);
    if (!pinned) {
      pinned = pinAddress(target);
      this.#pinned.set(target.id, pinned);
      // A failed lookup is not pinned: the next call tries again.
      pinned.catch(() => this.#pinned.delete(target.id));
    }
    return pinned;
  }
}

async function pinAddress(target: Target): Promise<PinnedAddress> {
  const expected = typeof target.address === "string" && target.address !== "" ? target.address : undefined;
  if (expected !== undefined && !isIP(expected)) {
    throw hostError("BROKER_TARGET_UNKNOWN", `target '${target.id}' has an address that is not an IP address`);
  }
  let candidates: PinnedAddress[];
  if (isIP(target.host)) {
    candidates = [{ address: target.host, family: isIP(target.host) as 4 | 6 }];
  } else {
    try {
      candidates = (await lookup(target.host, { all: true })).map((entry) => ({ address: entry.address, family: entry.family as 4 | 6 }));
    } catch (error) {
      throw hostError("BROKER_UNREACHABLE", `target '${target.id}': host ${target.host} does not resolve (${(error as NodeJS.ErrnoException).code ?? "lookup failed"})`);
    }
  }
  if (expected === undefined) {
    if (candidates[0]) return candidates[0];
    throw hostError("BROKER_UNREACHABLE", `target '${target.id}': host ${target.host} resolves to no address`);
  }
  const match = candidates.find((candidate) => candidate.address === expected);
  if (!match) {
    throw hostError("BROKER_ADDRESS_MISMATCH",
      `target '${target.id}': ${target.host} resolves to ${candidates.map((c) => c.address).join(", ")}, not to its configured address ${expected}`,
      { host: target.host, expected, resolved: candidates.map((c) => c.address) });
  }
  return match;
}

/** A `lookup` for net/tls.connect that always answers the pinned address. */
export function pinnedLookup(pinned: PinnedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}
