import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";
import { platformOf } from "./addon-platform.ts";

/** GET /traps: the trap listener's counters (received, routed, unrouted, rejected, failed). */
export function trapRoutes(s: ApiServices): RouteSpec[] {
  return [
    route("get", "/traps", "viewer", (c) => {
      const traps = platformOf(s).traps;
      return c.json(traps ? traps.stats() : { listening: false, port: null });
    }),
  ];
}
