import { cachedStatement } from "../../store/statements.ts";
import { storeHealthOf } from "../../store/store-errors.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

/**
 * Liveness for load balancers and monitors: the only unauthenticated read. Reveals nothing but
 * the version, and whether the store can be read and written: `db` is "ok", "error" (it cannot
 * be read) or the code of the write failure that stands (STORE_FULL: nothing is being stored).
 */
export function healthRoutes(s: ApiServices): RouteSpec[] {
  const startedAt = s.deps.clock.now();
  const writes = storeHealthOf(s.deps.db);
  return [
    route("get", "/healthz", "public", (c) => {
      let db = "ok";
      try {
        cachedStatement(s.deps.db, "SELECT 1").get();
      } catch {
        db = "error";
      }
      if (db === "ok" && writes.failure) db = writes.failure.code;
      const uptime = Math.max(0, Math.round((s.deps.clock.now() - startedAt) / 1000));
      return c.json({ status: db === "ok" ? "ok" : "degraded", version: s.deps.version, uptime, db }, db === "ok" ? 200 : 503);
    }),
  ];
}
