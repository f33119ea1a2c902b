import { cachedStatement } from "../../store/statements.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

/** Liveness for load balancers and monitors: the only unauthenticated read. Reveals nothing but the version. */
export function healthRoutes(s: ApiServices): RouteSpec[] {
  const startedAt = s.deps.clock.now();
  return [
    route("get", "/healthz", "public", (c) => {
      let db: "ok" | "error" = "ok";
      try {
        cachedStatement(s.deps.db, "SELECT 1").get();
      } catch {
        db = "error";
      }
      const uptime = Math.max(0, Math.round((s.deps.clock.now() - startedAt) / 1000));
      return c.json({ status: db === "ok" ? "ok" : "degraded", version: s.deps.version, uptime, db }, db === "ok" ? 200 : 503);
    }),
  ];
}
