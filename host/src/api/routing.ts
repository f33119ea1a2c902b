import type { Context, Hono } from "hono";
import type { Role } from "../auth/roles.ts";
import type { ApiEnv } from "./env.ts";
import { authenticate, checkCsrf, checkRole, type Credentials } from "./guard.ts";

export type HttpMethod = "get" | "post" | "put" | "delete";
/** The least a caller needs: "public" means no authentication at all. */
export type Access = "public" | Role;
export type RouteHandler = (c: Context<ApiEnv>) => Response | Promise<Response>;

export interface RouteSpec {
  method: HttpMethod;
  /** Relative to the API prefix, Hono syntax (`/alerts/:id`). */
  path: string;
  access: Access;
  handler: RouteHandler;
  /** False: a successful mutation writes no audit row (machine traffic such as webhook deliveries). Default true. */
  audit?: boolean;
}

/** Declares one endpoint with the least role it needs; the guard comes from this declaration, never from the handler. */
export function route(method: HttpMethod, path: string, access: Access, handler: RouteHandler, options: { audit?: boolean } = {}): RouteSpec {
  return { method, path, access, handler, ...(options.audit === false && { audit: false }) };
}

export interface MountedRoute {
  method: HttpMethod;
  /** Full path, prefix included. */
  path: string;
  access: Access;
}

export interface MountOptions {
  prefix: string;
  credentials: Credentials;
  /** Called after each mutation that succeeded (status < 400). */
  onMutation: (c: Context<ApiEnv>, mounted: MountedRoute) => void;
}

/**
 * Registers every route behind its guard: authenticate → CSRF (cookie mutations)
 * → role, before the handler runs; then audits successful mutations.
 * Returns the table of what was mounted, for the route-enumeration test.
 */
export function mountRoutes(app: Hono<ApiEnv>, routes: readonly RouteSpec[], options: MountOptions): MountedRoute[] {
  return routes.map((spec) => {
    const mounted: MountedRoute = { method: spec.method, path: options.prefix + spec.path, access: spec.access };
    app.on(spec.method.toUpperCase(), mounted.path, async (c) => {
      if (spec.access !== "public") {
        const principal = authenticate(c, options.credentials);
        checkCsrf(c, principal);
        checkRole(principal, spec.access);
        c.set("principal", principal);
      }
      const response = await spec.handler(c);
      if (spec.method !== "get" && spec.audit !== false && response.status < 400) options.onMutation(c, mounted);
      return response;
    });
    return mounted;
  });
}
