import type { Hono } from "hono";
import { hostError } from "../errors.ts";
import type { ApiEnv } from "../api/env.ts";
import { mountRoutes, route, type MountedRoute, type RouteSpec } from "../api/routing.ts";
import type { ApiServices } from "../api/services.ts";
import { EXPOSITION_CONTENT_TYPE, renderExposition } from "./exposition.ts";
import { processMetrics } from "./process-metrics.ts";
import { addonMetrics, stuckJobMetrics, trapMetrics } from "./runtime-metrics.ts";
import { alertMetrics, connectorCounterMetrics, schedulerMetrics } from "./store-metrics.ts";

/** At the root, where scrapers look by default, not under the API prefix (DESIGN §6 lists it beside /healthz). */
const METRICS_PATH = "/metrics";

/** GET /metrics: Prometheus text format 0.0.4, counts only — no configuration, addresses or secrets. */
function metricsRoutes(s: ApiServices): RouteSpec[] {
  const { db, addons, version, scheduler } = s.deps;
  return [
    route("get", METRICS_PATH, "public", (c) => {
      const body = renderExposition([
        ...processMetrics(version),
        ...alertMetrics(db),
        ...connectorCounterMetrics(db),
        ...addonMetrics(addons),
        ...trapMetrics(addons),
        ...schedulerMetrics(db),
        ...stuckJobMetrics(scheduler?.stuckKeys() ?? []),
      ]);
      return c.body(body, 200, { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store" });
    }),
  ];
}

/**
 * Mounts GET /metrics when switched on: a public route of the route table, like /healthz. When off
 * the path answers 404 NOT_FOUND (rather than the UI's index.html), so a scraper fails plainly.
 */
export function mountMetrics(app: Hono<ApiEnv>, services: ApiServices, enabled: boolean): MountedRoute[] {
  if (!enabled) {
    app.use(METRICS_PATH, () => {
      throw hostError("NOT_FOUND", "metrics are off: start the daemon with --metrics (or OPSCONDUCTOR_METRICS=1)");
    });
    return [];
  }
  // A GET only: nothing to audit.
  return mountRoutes(app, metricsRoutes(services), { prefix: "", credentials: services, onMutation: () => {} });
}
