import { isIP } from "node:net";
import type { RunningInstance } from "../addons/instances.ts";
import { plainAddress } from "./trap-message.ts";

/** Source address → the trap-capable instances whose targets list it (by `host` or `address` IP literal). */
export function trapRoutes(instances: readonly RunningInstance[]): Map<string, RunningInstance[]> {
  const routes = new Map<string, RunningInstance[]>();
  const sorted = instances.filter((running) => running.trapCredentials !== null)
    .sort((a, b) => (a.connectorId < b.connectorId ? -1 : a.connectorId > b.connectorId ? 1 : 0));
  for (const running of sorted) {
    for (const target of running.targets) {
      for (const value of [target.host, target.address]) {
        if (typeof value !== "string" || !isIP(plainAddress(value))) continue;
        const address = plainAddress(value);
        const list = routes.get(address) ?? [];
        if (!list.includes(running)) list.push(running);
        routes.set(address, list);
      }
    }
  }
  return routes;
}

/** The instance a trap goes to: the first listing its source whose community (v1/v2c) or user (v3) it presented. */
export function routeTrap(routes: Map<string, RunningInstance[]>, address: string, credential: { community?: string; user?: string }): RunningInstance | undefined {
  return routes.get(address)?.find((running) => {
    const accepted = running.trapCredentials!;
    if (credential.user !== undefined) return accepted.users.some((user) => user.name === credential.user);
    return credential.community !== undefined && accepted.communities.includes(credential.community);
  });
}
