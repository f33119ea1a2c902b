import { OcError } from "@opsconductor/sdk";

/**
 * The host's error catalogue. Each code has the HTTP status the API answers with;
 * the CLI prints `CODE: message`, the UI matches on the code. Codes are stable.
 */
export const HostErrors = {
  INTERNAL: 500,
  VALIDATION_FAILED: 400,
  BODY_INVALID_JSON: 400,
  BODY_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,

  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_THROTTLED: 429,
  AUTH_SESSION_EXPIRED: 401,
  AUTH_TOKEN_INVALID: 401,
  AUTH_CSRF_INVALID: 403,
  AUTH_FORBIDDEN: 403,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,

  ALERT_NOT_FOUND: 404,
  ALERT_ALREADY_RESOLVED: 409,
  CURSOR_INVALID: 400,

  MAPPING_NOT_FOUND: 404,
  MAPPING_EXISTS: 409,

  CONNECTOR_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  JOB_TIMEOUT: 504,
  JOB_ALREADY_RUNNING: 409,
  JOB_KIND_UNKNOWN: 400,

  STORE_SCHEMA_TOO_NEW: 500,
  STORE_MIGRATION_FAILED: 500,
  SECRETS_KEY_INVALID: 500,
  SECRETS_DECRYPT_FAILED: 500,
  CONFIG_INVALID: 400,
} as const;

export type HostErrorCode = keyof typeof HostErrors;

/** Throws-ready error with a catalogued code. */
export function hostError(code: HostErrorCode, message: string, details?: Record<string, unknown>, cause?: unknown): OcError {
  return new OcError(code, message, details, cause === undefined ? undefined : { cause });
}

/** HTTP status for any code: catalogued host codes map directly; SDK/addon codes default to 400, unknown ones to 500. */
export function httpStatusOf(code: string): number {
  if (code in HostErrors) return HostErrors[code as HostErrorCode];
  return code.startsWith("ADDON_") || code.endsWith("_INVALID") ? 400 : 500;
}
