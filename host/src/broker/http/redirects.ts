import { hostError } from "../../errors.ts";
import type { HttpEndpoint } from "./http-endpoint.ts";

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/**
 * The origin-form path a redirect points to, when it stays on the target's exact
 * origin (scheme, host and port); anything else is refused, not followed.
 */
export function sameOriginRedirectPath(location: string | undefined, currentPath: string, endpoint: HttpEndpoint): string {
  if (!location) throw hostError("BROKER_HTTP_FAILED", "the target answered a redirect without a Location header");
  let next: URL;
  try {
    next = new URL(location, `${endpoint.origin}${currentPath}`);
  } catch {
    throw hostError("BROKER_REDIRECT_REFUSED", `the target redirected to an unparsable location ${JSON.stringify(location.slice(0, 200))}`);
  }
  const port = next.port === "" ? (next.protocol === "https:" ? 443 : next.protocol === "http:" ? 80 : 0) : Number(next.port);
  const host = next.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (next.protocol !== `${endpoint.scheme}:` || host !== endpoint.host || port !== endpoint.port || next.username || next.password) {
    throw hostError("BROKER_REDIRECT_REFUSED",
      `the target redirected to ${next.protocol}//${next.host}, outside its own origin ${endpoint.origin}; not followed`,
      { location: `${next.protocol}//${next.host}${next.pathname}` });
  }
  return next.pathname + next.search;
}

/** RFC 9110 §15.4: 303 (and, as browsers do, 301/302 after a POST) become a GET without body. */
export function methodAfterRedirect(status: number, method: string): { method: string; dropBody: boolean } {
  if (status === 303 && method !== "HEAD") return { method: "GET", dropBody: true };
  if ((status === 301 || status === 302) && method === "POST") return { method: "GET", dropBody: true };
  return { method, dropBody: false };
}
