import { Hono, type MiddlewareHandler } from "hono";
import { DEFAULT_PACKAGE_LIMITS } from "@opsconductor/sdk/node";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { userActor, writeAudit } from "../audit/log.ts";
import { hostError } from "../errors.ts";
import { mountMetrics } from "../metrics-endpoint/metrics-route.ts";
import { clientIp } from "./client-ip.ts";
import type { ApiDeps } from "./deps.ts";
import type { ApiEnv } from "./env.ts";
import { errorResponse } from "./errors.ts";
import { mountRoutes, type MountedRoute, type RouteSpec } from "./routing.ts";
import { createServices, type ApiServices } from "./services.ts";
import { mountUi, UI_CONTENT_SECURITY_POLICY } from "./static-ui.ts";
import { alertStreamRoutes, StreamRegistry } from "./routes/alert-stream.ts";
import { addonRoutes } from "./routes/addons.ts";
import { alertRoutes } from "./routes/alerts.ts";
import { connectorRoutes } from "./routes/connectors.ts";
import { authRoutes } from "./routes/auth.ts";
import { deviceRoutes } from "./routes/devices.ts";
import { healthRoutes } from "./routes/health.ts";
import { mappingRoutes } from "./routes/mappings.ts";
import { schedulerRoutes } from "./routes/scheduler.ts";
import { tokenRoutes } from "./routes/tokens.ts";
import { trapRoutes } from "./routes/traps.ts";
import { userRoutes } from "./routes/users.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { storeHealthOf } from "../store/store-errors.ts";

export const API_PREFIX = "/api/v1";
const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** An addon package may be as large as the verifier allows (DEFAULT_PACKAGE_LIMITS.maxTotalBytes). */
const ADDON_UPLOAD_LIMIT = DEFAULT_PACKAGE_LIMITS.maxTotalBytes;
const ADDON_INSTALL_PATH = `${API_PREFIX}/addons/install`;

export interface Api {
  app: Hono<ApiEnv>;
  /** Every endpoint with the least role it needs (the route-enumeration test walks this). */
  routes: readonly MountedRoute[];
  fetch: Hono<ApiEnv>["fetch"];
  services: ApiServices;
  /** How many SSE streams are open now. */
  openStreams(): number;
  /** Ends open SSE streams, so the HTTP server can close, and stops a store reader it started itself. */
  close(): void;
}

function allRoutes(s: ApiServices, streams: StreamRegistry): RouteSpec[] {
  return [
    ...healthRoutes(s),
    ...authRoutes(s),
    ...tokenRoutes(s),
    ...userRoutes(s),
    // The stream before /alerts/:id, which would otherwise claim "stream" as an id.
    ...alertStreamRoutes(s, streams),
    ...alertRoutes(s),
    ...mappingRoutes(s),
    ...schedulerRoutes(s),
    ...deviceRoutes(s),
    ...addonRoutes(s),
    ...connectorRoutes(s),
    ...webhookRoutes(s),
    ...trapRoutes(s),
  ];
}

/** Builds the HTTP API (DESIGN §6) over injected dependencies. */
export function createApi(deps: ApiDeps): Api {
  const services = createServices(deps);
  const streams = new StreamRegistry(deps.options?.streams);
  const app = new Hono<ApiEnv>();
  const maxSize = deps.options?.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;

  // HSTS is the TLS terminator's decision, not ours: we may be served over plain http on loopback.
  // X-Frame-Options DENY says what the policy's frame-ancestors 'none' does, for older browsers.
  app.use("*", secureHeaders({ strictTransportSecurity: false, xFrameOptions: "DENY", contentSecurityPolicy: UI_CONTENT_SECURITY_POLICY }));
  app.use(`${API_PREFIX}/*`, async (c, next) => {
    c.header("Cache-Control", "no-store");
    await next();
  });
  const limit = (bytes: number): MiddlewareHandler => bodyLimit({
    maxSize: bytes,
    onError: () => {
      throw hostError("BODY_TOO_LARGE", `the request body is larger than ${bytes} bytes`);
    },
  });
  const defaultLimit = limit(maxSize);
  const uploadLimit = limit(ADDON_UPLOAD_LIMIT);
  // Addon packages are the one body allowed past the default cap.
  app.use(`${API_PREFIX}/*`, (c, next) => (c.req.path === ADDON_INSTALL_PATH ? uploadLimit(c, next) : defaultLimit(c, next)));

  const routes = mountRoutes(app, allRoutes(services, streams), {
    prefix: API_PREFIX,
    credentials: services,
    onMutation: (c, mounted) => {
      const principal = c.get("principal");
      writeAudit(deps.db, deps.clock, {
        actor: c.get("auditActor") ?? (principal ? userActor(principal.user.username) : "anonymous"),
        action: `${mounted.method.toUpperCase()} ${mounted.path}`,
        target: c.req.path,
        details: { ...(principal && { via: principal.via }), ...c.get("auditDetails") },
        ip: clientIp(c, services.trustProxy),
      });
    },
  });

  routes.push(...mountMetrics(app, services, deps.options?.metrics ?? false));

  if (deps.options?.uiDir) mountUi(app, deps.options.uiDir, API_PREFIX);
  app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((error, c) => errorResponse(c, error, services.log, storeHealthOf(deps.db)));

  const close = () => {
    streams.closeAll();
    // A reader the caller passed in is the caller's to close; one started here is ours.
    if (!deps.reader) void services.reader.close();
  };
  return { app, routes, fetch: app.fetch, services, openStreams: () => streams.size, close };
}
