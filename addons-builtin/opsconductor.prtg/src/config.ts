import type { HttpAuth } from "@opsconductor/sdk";

/** The non-secret part of an instance's configuration (ctx.config), defaults applied by the host. */
export interface PrtgConfig {
  auth_method?: "passhash" | "apitoken";
  username?: string;
  options?: { report_paused?: boolean };
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
