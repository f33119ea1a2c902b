import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { OcError } from "@opsconductor/sdk";
import { httpStatusOf } from "../errors.ts";
import { storeErrorOf, type StoreHealth } from "../store/store-errors.ts";

const MAX_DETAILS_DEPTH = 8;

// A full disk fails every write: say so in the log once a minute, not once per request.
const STORE_LOG_EVERY_MS = 60_000;
const lastLogged = new Map<string, number>();

function logNowAndThen(code: string, write: () => void): void {
  const now = Date.now();
  if (now - (lastLogged.get(code) ?? -Infinity) < STORE_LOG_EVERY_MS) return;
  lastLogged.set(code, now);
  write();
}

/**
 * Every API error is `{error: {code, message, details?}}` with the catalogue's HTTP status.
 * `details` goes out only with a client error (4xx), and only when it is plain JSON data:
 * a server error's details may hold paths, SQL or state the caller has no business seeing.
 */
export function errorResponse(c: Context, error: unknown, log: (line: string) => void, storeHealth?: StoreHealth): Response {
  const storeError = storeErrorOf(error);
  if (storeError) {
    storeHealth?.failed(storeError.code, Date.now());
    return errorResponse(c, storeError, log, storeHealth);
  }
  if (error instanceof OcError) {
    const status = httpStatusOf(error.code) as ContentfulStatusCode;
    // The store's own failures (a full disk) reach here already coded from the alert store too: say so in the log.
    if (error.code.startsWith("STORE_") && status >= 500) {
      logNowAndThen(error.code, () => log(`api: ${c.req.method} ${c.req.path} failed: ${error.code}: ${error.message}`));
    }
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") c.header("Retry-After", String(retryAfter));
    const details = status < 500 && isPlainJson(error.details) ? error.details : undefined;
    return c.json({ error: { code: error.code, message: error.message, ...(details && { details }) } }, status);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({ error: { code: "VALIDATION_FAILED", message: error.message || "bad request" } }, error.status);
  }
  // Unexpected: log the detail, answer without it (it may hold paths or SQL).
  log(`api: ${c.req.method} ${c.req.path} failed: ${(error as Error)?.stack ?? String(error)}`);
  return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
}

/**
 * Null, strings, booleans, finite numbers, and arrays and plain objects of those (an undefined
 * property is fine: JSON leaves it out). Not an Error, a Buffer or another class instance, whose
 * serialization the code that threw never chose to publish.
 */
function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || depth >= MAX_DETAILS_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isPlainJson(item, depth + 1));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value).every((item) => item === undefined || isPlainJson(item, depth + 1));
}
