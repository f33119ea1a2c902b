import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { hostError } from "../errors.ts";
import { roleAtLeast, type Role } from "../auth/roles.ts";
import { safeEqual } from "../auth/secrets.ts";
import type { SessionStore } from "../auth/sessions.ts";
import type { ApiTokenStore } from "../auth/tokens.ts";
import type { ApiEnv, Principal } from "./env.ts";

export const SESSION_COOKIE = "oc_session";
export const CSRF_HEADER = "X-CSRF-Token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface Credentials {
  sessions: SessionStore;
  tokens: ApiTokenStore;
}

/**
 * Who is calling: a bearer token when an Authorization header is present (scripts),
 * else the session cookie (the UI). Throws AUTH_* errors for anything else.
 */
export function authenticate(c: Context<ApiEnv>, credentials: Credentials): Principal {
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw hostError("AUTH_TOKEN_INVALID", "the Authorization header must be `Bearer <token>`");
    const { user, tokenId } = credentials.tokens.authenticate(match[1]!);
    return { user, via: "token", tokenId };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) throw hostError("AUTH_REQUIRED", "log in or send an API token");
  const found = credentials.sessions.lookup(cookie);
  if (found.status === "expired") throw hostError("AUTH_SESSION_EXPIRED", "the session has expired; log in again");
  if (found.status === "unknown") throw hostError("AUTH_REQUIRED", "the session is unknown or has ended; log in again");
  const { session } = found;
  return { user: session.user, via: "session", sessionId: session.id, csrfToken: session.csrfToken };
}

/**
 * Cookie-authenticated mutations must echo the session's CSRF token in a header a
 * cross-site page cannot set. Bearer requests carry no ambient credential, so they need none.
 */
export function checkCsrf(c: Context<ApiEnv>, principal: Principal): void {
  if (principal.via !== "session" || SAFE_METHODS.has(c.req.method)) return;
  const sent = c.req.header(CSRF_HEADER);
  if (!sent || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
    throw hostError("AUTH_CSRF_INVALID", `missing or wrong ${CSRF_HEADER} header`);
  }
}

export function checkRole(principal: Principal, minimum: Role): void {
  if (!roleAtLeast(principal.user.role, minimum)) {
    throw hostError("AUTH_FORBIDDEN", `this needs the ${minimum} role; ${principal.user.username} is ${principal.user.role}`);
  }
}
