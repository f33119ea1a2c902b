import type { Dispatcher } from "undici";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";

export interface OutgoingRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * One HTTP exchange on `dispatcher`: the whole body is read (so the connection
 * can be reused, which NTLM depends on) up to `maxBytes`, past which the
 * exchange is cut with BROKER_RESPONSE_TOO_LARGE.
 */
export async function exchange(dispatcher: Dispatcher, request: OutgoingRequest, options: { signal: AbortSignal; maxBytes: number }): Promise<RawResponse> {
  let response: Dispatcher.ResponseData;
  try {
    response = await dispatcher.request({
      method: request.method as Dispatcher.HttpMethod,
      path: request.path,
      headers: request.headers,
      body: request.body,
      signal: options.signal,
    });
  } catch (error) {
    throw mapTransportError(error, options.signal);
  }
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    abandon(response.body);
    throw tooLarge(options.maxBytes);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += (chunk as Buffer).length;
      if (received > options.maxBytes) {
        abandon(response.body);
        throw tooLarge(options.maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (OcError.is(error, "BROKER_RESPONSE_TOO_LARGE")) throw error;
    throw mapTransportError(error, options.signal);
  }
  return { status: response.statusCode, headers: response.headers as Record<string, string | string[]>, body: Buffer.concat(chunks) };
}

/** Drops a body mid-stream (closing its connection); the abort it raises is expected, not an error. */
function abandon(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => undefined);
  body.destroy();
}

function tooLarge(maxBytes: number) {
  return hostError("BROKER_RESPONSE_TOO_LARGE", `the response body exceeds the ${maxBytes}-byte cap`, { maxBytes });
}

const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENOTFOUND", "EAI_AGAIN"]);
const TIMEOUTS = new Set(["UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "ETIMEDOUT"]);

/** Undici and socket errors as broker codes; the library's message is kept out (it may quote the URL). */
export function mapTransportError(error: unknown, signal: AbortSignal) {
  if (signal.aborted) return hostError("BROKER_TIMEOUT", "the target did not answer within the call's time limit");
  const code = errorCode(error);
  if (code && UNREACHABLE.has(code)) return hostError("BROKER_UNREACHABLE", `the target cannot be reached (${code})`, { cause: code });
  if (code && TIMEOUTS.has(code)) return hostError("BROKER_TIMEOUT", `the target did not answer in time (${code})`, { cause: code });
  if (code && isTlsCode(code)) {
    return hostError("BROKER_TLS_FAILED",
      `TLS with the target failed (${code}); for a self-signed device certificate set the target's verify_tls to false or pin its certificate`, { cause: code });
  }
  return hostError("BROKER_HTTP_FAILED", `the HTTP exchange with the target failed (${code ?? "connection error"})`, code ? { cause: code } : undefined);
}

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return code;
  }
  return (error as { code?: string } | undefined)?.code;
}

function isTlsCode(code: string): boolean {
  return code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code.includes("CERT") || code === "EPROTO"
    || code === "DEPTH_ZERO_SELF_SIGNED_CERT" || code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE";
}
