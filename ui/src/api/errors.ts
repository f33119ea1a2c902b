import type { HostErrorCode } from "../../../host/src/errors.ts";

/** Codes the UI itself raises, for failures that never reached (or never came back from) the API. */
export type ClientErrorCode = "NETWORK_ERROR" | "RESPONSE_INVALID" | "UI_ERROR" | `HTTP_${number}`;

/** Any code an ApiError may carry: the host's catalogue, the client's own, or an addon/SDK code passed through. */
export type ErrorCode = HostErrorCode | ClientErrorCode | (string & {});

/** An API failure: the stable code, message and details of `{error: {code, message, details?}}`, plus the HTTP status (0: no response). */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** From Retry-After, when the API sent one (login throttling). */
  readonly retryAfterSeconds: number | undefined;
  /** What the API's client errors (4xx) add as data, e.g. CONNECTOR_CONFIG_INVALID's `fields`; never sent with a 5xx. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, status: number, extra: { retryAfterSeconds?: number; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.details = extra.details;
  }
}

/** Session is gone: the UI drops back to the login page. */
export function isAuthLost(error: unknown): boolean {
  return error instanceof ApiError && (error.code === "AUTH_REQUIRED" || error.code === "AUTH_SESSION_EXPIRED");
}

/** Aborted fetches (a newer request replaced this one) are not errors to show. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

const HINTS: Partial<Record<string, string>> = {
  NETWORK_ERROR: "The daemon did not answer. Check that it is running and reachable.",
  AUTH_CSRF_INVALID: "The page's security token is out of date. Reload the page and try again.",
  AUTH_FORBIDDEN: "Your role does not allow this action.",
  AUTH_SESSION_EXPIRED: "Your session has ended. Sign in again.",
  AUTH_REQUIRED: "Sign in to continue.",
  ALERT_ALREADY_RESOLVED: "Someone resolved this alert in the meantime.",
  MAPPING_EXISTS: "A row with the same key already exists; edit that row instead.",
  SCHEDULER_UNAVAILABLE: "The scheduler is not running on this daemon.",
};

/** What an error box shows: the code (always), the message, and a hint for codes an operator can act on. */
export function describeError(error: unknown): { code: string; message: string; hint?: string } {
  if (error instanceof ApiError) {
    let hint = HINTS[error.code];
    if (error.code === "AUTH_THROTTLED" && error.retryAfterSeconds !== undefined) {
      hint = `Too many failed attempts. Try again in ${error.retryAfterSeconds} s.`;
    }
    return hint ? { code: error.code, message: error.message, hint } : { code: error.code, message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: "UI_ERROR", message };
}
