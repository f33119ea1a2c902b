import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { FromSchema } from "json-schema-to-ts";
import { OcError } from "@opsconductor/sdk";
import { userActor, writeAudit } from "../../audit/log.ts";
import { iso } from "../../util/clock.ts";
import { readBody } from "../body.ts";
import { clientIp } from "../client-ip.ts";
import type { ApiEnv } from "../env.ts";
import { SESSION_COOKIE } from "../guard.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

const loginSchema = {
  type: "object",
  required: ["username", "password"],
  properties: {
    username: { type: "string", minLength: 1, maxLength: 200 },
    password: { type: "string", minLength: 1, maxLength: 1024 },
  },
  additionalProperties: false,
} as const;
type LoginBody = FromSchema<typeof loginSchema>;

function isHttps(c: Context, forced: boolean | undefined): boolean {
  return forced ?? new URL(c.req.url).protocol === "https:";
}

/**
 * A failed login's audit row, within the address's budget: the throttle slows one address, but
 * many addresses (or a loose throttle policy) could still write a row per guess for ever.
 */
function auditFailure(s: ApiServices, username: string, ip: string, error: unknown): void {
  const decision = s.failedLoginAudit.take(ip);
  if (decision.action === "write") {
    writeAudit(s.deps.db, s.deps.clock, { actor: username, action: "auth.login.failed", ip, details: { code: (error as { code?: string }).code } });
  } else if (decision.action === "note") {
    writeAudit(s.deps.db, s.deps.clock, { actor: username, action: "auth.login.failed.unrecorded", ip, details: { until: iso(decision.until) } });
  }
}

export function authRoutes(s: ApiServices): RouteSpec[] {
  const secureOption = s.deps.options?.secureCookies;
  return [
    route("post", "/auth/login", "public", async (c) => {
      const body = await readBody<LoginBody>(c, loginSchema);
      const ip = clientIp(c, s.trustProxy);
      let result;
      try {
        result = await s.login.login(body.username, body.password, ip);
      } catch (error) {
        // Refusals while locked out are recorded by the login service, once per lockout; one refused
        // unchecked because too many logins run at once is nobody's failure (and may come by the thousand).
        if (!OcError.is(error, "AUTH_THROTTLED") && !OcError.is(error, "AUTH_BUSY")) auditFailure(s, body.username, ip, error);
        throw error;
      }
      setCookie(c, SESSION_COOKIE, result.cookieValue, {
        httpOnly: true,
        sameSite: "Strict",
        path: "/",
        secure: isHttps(c, secureOption),
        maxAge: Math.floor(s.sessions.policy.absoluteMs / 1000),
      });
      c.set("auditActor", userActor(result.user.username));
      return c.json({ user: result.user, csrfToken: result.csrfToken, expiresAt: result.expiresAt });
    }),

    route("post", "/auth/logout", "viewer", (c: Context<ApiEnv>) => {
      const principal = c.get("principal");
      if (principal.sessionId) s.sessions.revoke(principal.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c, secureOption) });
      return c.body(null, 204);
    }),

    route("get", "/auth/me", "viewer", (c) => {
      const principal = c.get("principal");
      return c.json({ user: principal.user, via: principal.via, csrfToken: principal.csrfToken ?? null });
    }),
  ];
}
