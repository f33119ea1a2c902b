import type { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { ApiEnv } from "./env.ts";

/**
 * Serves the built UI at `/`: files as they are, and index.html for client-side
 * routes (paths without a file extension), so /alerts/42 reloads into the app.
 * Never answers under the API prefix: an unknown API path stays a JSON 404.
 */
export function mountUi(app: Hono<ApiEnv>, dir: string, apiPrefix: string): void {
  const files = serveStatic<ApiEnv>({ root: dir });
  const indexHtml = serveStatic<ApiEnv>({ root: dir, path: "index.html" });
  const skip = async () => {};
  app.get("*", async (c, next) => {
    if (c.req.path === apiPrefix || c.req.path.startsWith(`${apiPrefix}/`)) return next();
    const file = await files(c, skip);
    if (file) return file;
    const lastSegment = c.req.path.split("/").at(-1) ?? "";
    if (lastSegment.includes(".")) return next();
    c.header("Cache-Control", "no-cache");
    return (await indexHtml(c, skip)) ?? next();
  });
}
