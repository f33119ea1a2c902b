import type { Context } from "hono";
import type { ApiEnv } from "./env.ts";

/**
 * The peer address of the request. X-Forwarded-For is believed only when the daemon is
 * configured to sit behind a reverse proxy (otherwise any client could pick its own throttle
 * key), and then only its last entry: the one that proxy appended. The entries before it are
 * whatever the client sent, as easy to forge as the header itself.
 */
export function clientIp(c: Context<ApiEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.incoming?.socket?.remoteAddress ?? "unknown";
}
