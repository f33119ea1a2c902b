import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { OcError } from "@opsconductor/sdk";
import { httpStatusOf } from "../errors.ts";

/** Every API error is `{error: {code, message}}` with the catalogue's HTTP status. */
export function errorResponse(c: Context, error: unknown, log: (line: string) => void): Response {
  if (error instanceof OcError) {
    const status = httpStatusOf(error.code) as ContentfulStatusCode;
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    return c.json({ error: { code: error.code, message: error.message } }, status);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({ error: { code: "VALIDATION_FAILED", message: error.message || "bad request" } }, error.status);
  }
  // Unexpected: log the detail, answer without it (it may hold paths or SQL).
  log(`api: ${c.req.method} ${c.req.path} failed: ${(error as Error)?.stack ?? String(error)}`);
  return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
}
