import type { Hono } from "hono";
import { serveStatic } from "@hono/node-server/serve-static";
import type { ApiEnv } from "./env.ts";

/**
 * The UI's Content-Security-Policy: its own scripts, styles and API only (the favicon is a data:
 * URL), no plugins, no <base>, never framed. An injected script or a script URL in an alert's
 * text then cannot run or send anything elsewhere. Checked against the built UI in Chromium:
 * no violations. Sent on API answers too, where it costs nothing.
 */
export const UI_CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

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
    if (file) {
      // The HTML names the versioned bundles (main.js?v=…): a cached copy of it would keep a
      // browser on the old UI after an upgrade, so it is revalidated each time, however reached.
      if (file.headers.get("content-type")?.startsWith("text/html")) file.headers.set("Cache-Control", "no-cache");
      return file;
    }
    const lastSegment = c.req.path.split("/").at(-1) ?? "";
    if (lastSegment.includes(".")) return next();
    c.header("Cache-Control", "no-cache");
    return (await indexHtml(c, skip)) ?? next();
  });
}
