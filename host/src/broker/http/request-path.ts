import { hostError } from "../../errors.ts";

export type QueryValue = string | number | boolean | Array<string | number>;

const BASE = "http://target.invalid";

/**
 * Turns an addon's `path` (+ `query`) into an origin-form request target
 * (`/a/b?c=d`). Only a path is accepted: no scheme, no host, no `//authority`,
 * no backslash (URL parsers read `/\host` as `//host`), no whitespace or controls.
 */
export function buildRequestPath(path: unknown, query?: Record<string, QueryValue>): string {
  if (typeof path !== "string" || path.length === 0 || path.length > 8192) {
    throw invalid("path must be a non-empty string of at most 8192 characters");
  }
  if (!path.startsWith("/") || path.startsWith("//")) throw invalid(`path must start with a single '/': ${JSON.stringify(path.slice(0, 80))}`);
  if (/[\\\s\u0000-\u001f\u007f]/.test(path)) throw invalid("path must not contain backslashes, whitespace or control characters");
  if (path.includes("#")) throw invalid("path must not contain a fragment ('#')");
  const url = new URL(path, BASE);
  if (url.origin !== BASE) throw invalid("path must stay on the target");
  if (query !== undefined) {
    if (query === null || typeof query !== "object" || Array.isArray(query)) throw invalid("query must be an object");
    for (const [name, value] of Object.entries(query)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (!["string", "number", "boolean"].includes(typeof item)) throw invalid(`query parameter '${name}' must be a string, number or boolean`);
        url.searchParams.append(name, String(item));
      }
    }
  }
  return url.pathname + url.search;
}

/** Sets (replacing any same-named) query parameters on an origin-form path. */
export function withQueryParams(path: string, params: ReadonlyMap<string, string>): string {
  if (params.size === 0) return path;
  const url = new URL(path, BASE);
  for (const [name, value] of params) url.searchParams.set(name, value);
  return url.pathname + url.search;
}

function invalid(message: string) {
  return hostError("BROKER_REQUEST_INVALID", message);
}
