import { pollDeadlineMs, type HttpAuth } from "@opsconductor/sdk";

/** The non-secret part of an instance's configuration (ctx.config), defaults applied by the host. */
export interface PrtgConfig {
  auth_method?: "passhash" | "apitoken";
  username?: string;
  poll_interval_s?: number;
  options?: { report_paused?: boolean };
}

/** The host's deadline for this instance's polls: the SDK's pollDeadlineMs, which the host applies. */
export function pollDeadlineOf(config: PrtgConfig): number {
  const intervalS = typeof config.poll_interval_s === "number" && config.poll_interval_s > 0 ? config.poll_interval_s : 60;
  return pollDeadlineMs(intervalS);
}

/**
 * PRTG authenticates every request by query parameters. The secrets are named, never read:
 * the broker adds `username=…&passhash=…` (or `apitoken=…`) host-side.
 */
export function authOf(config: PrtgConfig): HttpAuth {
  return config.auth_method === "apitoken"
    ? { type: "query", params: { apitoken: { secret: "apitoken" } } }
    : { type: "query", params: { username: "username", passhash: { secret: "passhash" } } };
}

export function reportsPaused(config: PrtgConfig): boolean {
  return config.options?.report_paused === true;
}
