import { hostError } from "../../errors.ts";

// Framing and routing are the broker's: an addon setting them could smuggle requests or retarget the pool.
const BROKER_OWNED = new Set([
  "host", "connection", "content-length", "transfer-encoding", "upgrade", "te", "trailer", "keep-alive",
  "proxy-authorization", "proxy-connection", "expect",
]);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const MAX_HEADERS = 64;
const DEFAULTS = { "user-agent": "OpsConductor", accept: "*/*" };

/**
 * The addon's headers, lower-cased and checked: valid names, single-line values,
 * nothing the broker owns, and no Authorization when the broker injects auth.
 */
export function requestHeaders(headers: unknown, brokerInjectsAuth: boolean): Record<string, string> {
  if (headers === undefined || headers === null) return { ...DEFAULTS };
  if (typeof headers !== "object" || Array.isArray(headers)) throw invalid("headers must be an object of strings");
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) throw invalid(`at most ${MAX_HEADERS} headers`);
  const output: Record<string, string> = { ...DEFAULTS };
  for (const [rawName, value] of entries) {
    const name = rawName.toLowerCase();
    if (!TOKEN.test(name)) throw invalid(`'${rawName.slice(0, 64)}' is not a header name`);
    if (BROKER_OWNED.has(name)) throw invalid(`the '${name}' header is set by the broker`);
    if (name === "authorization" && brokerInjectsAuth) throw invalid("an Authorization header cannot be combined with auth");
    if (typeof value !== "string" || value.length > 8192 || /[\r\n\0]/.test(value)) throw invalid(`header '${name}' must be a single-line string`);
    output[name] = value;
  }
  return output;
}

/** Response headers as the SDK's flat record; repeated Set-Cookie lines stay separable, joined by newlines. */
export function flattenResponseHeaders(headers: Record<string, string | string[] | undefined>, redact: (text: string) => string): Record<string, string> {
  const output: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(name === "set-cookie" ? "\n" : ", ") : value;
    output[name] = redact(joined);
  }
  return output;
}

function invalid(message: string) {
  return hostError("BROKER_REQUEST_INVALID", message);
}
