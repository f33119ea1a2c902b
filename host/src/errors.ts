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
  JOB_HANDLER_STUCK: 500,
  JOB_CLOCK_WENT_BACK: 500,
  JOB_KIND_UNKNOWN: 400,

  STORE_SCHEMA_TOO_NEW: 500,
  STORE_MIGRATION_FAILED: 500,
  STORE_BACKUP_FAILED: 500,
  STORE_QUERY_TIMEOUT: 503,
  STORE_SEARCHES_BUSY: 503,
  STORE_FULL: 507,
  STORE_BUSY: 503,
  STORE_UNWRITABLE: 503,
  STORE_CORRUPT: 500,
  STORE_QUERY_FAILED: 500,
  /** A backup refused before writing: too little free disk for it and the live database's margin. */
  STORE_BACKUP_NO_SPACE: 507,
  SECRETS_KEY_INVALID: 500,
  SECRETS_DECRYPT_FAILED: 500,
  CONFIG_INVALID: 400,
  /** A command-line verb found no database in its data directory (the wrong --data, or another working directory). */
  DATA_NOT_FOUND: 404,
  BODY_UNSUPPORTED_MEDIA_TYPE: 415,
  DEVICE_NOT_FOUND: 404,
  /** A device refresh found that the device's connector no longer knows it (the row is kept: an admin decides). */
  DEVICE_GONE_AT_SOURCE: 404,
  /** A device refresh for a device whose connector was deleted: there is no source to ask. */
  DEVICE_NO_CONNECTOR: 409,
  TOKEN_NOT_FOUND: 404,
  /** A token-authenticated caller asked for a token that would outlive the token it called with. */
  TOKEN_OUTLIVES_CREATOR: 403,
  SCHEDULER_UNAVAILABLE: 503,
  /** Raised by the SDK's parseCron (the scheduler's and the manifest's one parser); catalogued here for its status. */
  CRON_INVALID: 400,
  JOB_SCHEDULE_INVALID: 400,
  JOB_INTERRUPTED: 503,
  JOB_TASK_UNKNOWN: 404,
  POLLING_CONFIG_NOT_FOUND: 404,
  // Capability broker (host/src/broker): what a sandboxed addon's ctx.http/snmp/ssh/state/emit calls fail with.
  BROKER_PERMISSION_DENIED: 403,
  BROKER_TARGET_UNKNOWN: 400,
  BROKER_REQUEST_INVALID: 400,
  BROKER_SECRET_UNKNOWN: 400,
  BROKER_REDIRECT_REFUSED: 502,
  BROKER_ADDRESS_MISMATCH: 502,
  BROKER_UNREACHABLE: 502,
  BROKER_TLS_FAILED: 502,
  BROKER_HTTP_FAILED: 502,
  BROKER_AUTH_UNSUPPORTED: 502,
  BROKER_TIMEOUT: 504,
  BROKER_RESPONSE_TOO_LARGE: 502,
  BROKER_BUDGET_EXCEEDED: 429,
  BROKER_SNMP_TIMEOUT: 504,
  BROKER_SNMP_AUTH: 502,
  BROKER_SNMP_ERROR: 502,
  BROKER_SSH_AUTH: 502,
  BROKER_SSH_TIMEOUT: 504,
  BROKER_SSH_ERROR: 502,
  BROKER_STATE_TOO_LARGE: 413,
  BROKER_CLOSED: 503,
  /** The SDK's too (both command lines); catalogued here for its status. */
  CLI_USAGE: 400,
  DAEMON_LISTEN_FAILED: 500,
  /** Another live daemon serves the data dir (its daemon.json). */
  DAEMON_RUNNING: 409,
  // Addon runtimes (host/src/runtime): what a sandboxed addon's calls fail with.
  /** The SDK's too (its trust policy); catalogued here for its status. */
  ADDON_RUNTIME_NOT_ALLOWED: 403,
  ADDON_NOT_LOADED: 404,
  ADDON_ALREADY_LOADED: 409,
  ADDON_BUNDLE_INVALID: 400,
  ADDON_START_FAILED: 502,
  ADDON_INSTANCE_NOT_FOUND: 404,
  ADDON_INSTANCE_EXISTS: 409,
  ADDON_INSTANCE_STOPPED: 409,
  ADDON_METHOD_UNSUPPORTED: 501,
  ADDON_TIMEOUT: 504,
  ADDON_MEMORY_LIMIT: 503,
  ADDON_DEADLINE_EXCEEDED: 504,
  ADDON_CRASHED: 503,
  ADDON_RESTARTING: 503,
  ADDON_POLL_FAILED: 502,
  ADDON_CALL_FAILED: 502,
  /** A pushed message the sandbox could not read: a webhook body that is not JSON. */
  ADDON_MESSAGE_INVALID: 400,
  /** A connector's `receive` refused a message (the SDK's rejectMessage): the sender's fault. */
  ADDON_MESSAGE_REJECTED: 422,
  ADDON_NORMALIZE_FAILED: 502,
  ADDON_RESULT_INVALID: 502,
  ADDON_CAPABILITY_FAILED: 502,
  /** A guest's capability call whose JSON arguments pass the host bridge's cap (32 Mi characters): refused before they are parsed. */
  ADDON_CAPABILITY_ARGS_TOO_LARGE: 413,
  /** A guest's capability call while none of its instance's operations ran (code left running after a poll); the guest sees it, no API answer carries it. */
  ADDON_OUTSIDE_OPERATION: 409,
  // Addon platform (host/src/addons, connectors-api, webhooks, traps).
  ADDONS_UNAVAILABLE: 503,
  ADDON_NOT_FOUND: 404,
  ADDON_VERSION_INSTALLED: 409,
  /** The SDK's verifier raises it; catalogued here for its status. */
  ADDON_DOWNGRADE: 409,
  ADDON_NO_PREVIOUS_VERSION: 409,
  ADDON_REFUSED: 409,
  ADDON_MIGRATION_FAILED: 400,
  ADDON_MIGRATION_TIMEOUT: 400,
  ADDON_PACKAGE_MISSING: 500,
  ADDON_UPLOAD_INVALID: 400,
  ADDON_DAEMON_RUNNING: 409,
  CONNECTOR_CONFIG_INVALID: 400,
  /** An installed addon's config_schema cannot check a config (does not compile, or overflows): the addon's fault, not the config's. */
  ADDON_CONFIG_SCHEMA_INVALID: 502,
  CONNECTOR_EXISTS: 409,
  CONNECTOR_NOT_RUNNING: 409,
  CONNECTOR_NOT_POLLABLE: 409,
  /** A poll failed without a code of its own (an uncoded error, or every target failed without one): on its run and the connector's status. */
  CONNECTOR_POLL_FAILED: 502,
  WEBHOOK_TOKEN_INVALID: 401,
  WEBHOOK_BUSY: 503,
  WEBHOOK_UPLOAD_TIMEOUT: 408,
  WEBHOOK_DELIVERY_REJECTED: 422,
  STREAMS_TOO_MANY: 429,
  AUTH_BUSY: 503,
  TRUST_KEY_NOT_FOUND: 404,
  TRUST_KEY_EXISTS: 409,
  TRUST_KEY_REVOKED: 409,
  /** Also the SDK's (oc-addon verify --trust reads stores too); catalogued here for its status. */
  TRUST_STORE_INVALID: 500,
  METRICS_SOURCE_UNSUPPORTED: 400,
  TRAP_LISTEN_FAILED: 500,
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
