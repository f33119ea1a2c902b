import { OcError } from "@opsconductor/sdk";
import { hostError, type HostErrorCode } from "../../errors.ts";
import type { Redactor } from "./redactor.ts";

/** A broker error whose message and details went through the redactor. */
export function brokerError(code: HostErrorCode, message: string, redactor: Redactor, details?: Record<string, unknown>): OcError {
  return hostError(code, redactor.text(message), details === undefined ? undefined : (redactor.deep(details) as Record<string, unknown>));
}

/**
 * What an addon sees of a failure: an OcError with a catalogued code and a redacted
 * message, and no `cause` (a library error may quote a URL with a query secret).
 */
export function sanitizeError(error: unknown, redactor: Redactor, fallbackCode: HostErrorCode = "INTERNAL"): OcError {
  if (error instanceof OcError) {
    return new OcError(error.code, redactor.text(error.message),
      error.details === undefined ? undefined : (redactor.deep(error.details) as Record<string, unknown>));
  }
  const message = error instanceof Error ? error.message : String(error);
  return hostError(fallbackCode, redactor.text(message));
}
