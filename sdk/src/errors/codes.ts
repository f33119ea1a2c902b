/**
 * The SDK's error catalogue: codes raised by the alert model, the normalizer base
 * classes, the package verifier and the oc-addon CLI. Codes are stable: the host,
 * the API, the CLI and the UI match on them, so never rename one.
 */
export const SdkErrorCodes = {
  /** A value did not match one of the SDK's JSON Schemas (NormalizedAlert, RawEvent, manifest...). */
  SCHEMA_INVALID: "SCHEMA_INVALID",
  /** A raw event lacked a standard field (`alert_type`, `device_ip`, ...) or had the wrong type. */
  RAW_EVENT_INVALID: "RAW_EVENT_INVALID",
  /** A normalizer produced something that is not a valid NormalizedAlert. */
  NORMALIZED_ALERT_INVALID: "NORMALIZED_ALERT_INVALID",
  /**
   * A connector's `receive` refused a pushed message it cannot take whole (a webhook body of the
   * wrong shape, too many events): the sender's fault. Throw it with {@link rejectMessage}; a
   * webhook sender is answered `422 WEBHOOK_DELIVERY_REJECTED` with the message, and nothing of
   * the delivery is stored.
   */
  MESSAGE_REJECTED: "MESSAGE_REJECTED",
  // ── Addon packages: safe extraction (sdk/src/package/zip) ──────────────────
  /** The bytes are not a readable zip (bad directory, unsupported method, encryption, CRC mismatch...). */
  ADDON_ZIP_INVALID: "ADDON_ZIP_INVALID",
  /** An entry name is absolute (`/etc/x`, a drive letter `C:x`, a UNC share). */
  ADDON_PATH_ABSOLUTE: "ADDON_PATH_ABSOLUTE",
  /** An entry name climbs out of the package with a `..` segment (zip-slip). */
  ADDON_PATH_TRAVERSAL: "ADDON_PATH_TRAVERSAL",
  /** An entry name is not canonical: backslashes, `.` or empty segments, control characters, too long. */
  ADDON_PATH_INVALID: "ADDON_PATH_INVALID",
  /** An entry is a symbolic link, hard link or special file (from its external attributes). */
  ADDON_LINK_ENTRY: "ADDON_LINK_ENTRY",
  /** Two entries share a name, also after Unicode normalization and case folding, or a file is also a folder. */
  ADDON_DUPLICATE_ENTRY: "ADDON_DUPLICATE_ENTRY",
  /** The zip has more entries than the limit. */
  ADDON_TOO_MANY_ENTRIES: "ADDON_TOO_MANY_ENTRIES",
  /** The package (or one file) is larger than the limit, declared or actual. */
  ADDON_TOO_LARGE: "ADDON_TOO_LARGE",
  /** A compression-ratio bomb: an entry inflates far beyond its compressed size, past its declared size, or entries overlap. */
  ADDON_ZIP_BOMB: "ADDON_ZIP_BOMB",

  // ── Addon packages: signature and trust (sdk/src/package/verify.ts) ──────────
  /** `SIGNATURE/files.json` or `SIGNATURE/files.json.sig` is absent (and dev mode is off). */
  ADDON_SIGNATURE_MISSING: "ADDON_SIGNATURE_MISSING",
  /** The signature does not verify, or `files.json` is malformed. */
  ADDON_SIGNATURE_INVALID: "ADDON_SIGNATURE_INVALID",
  /** The signing key is not in the trust store. */
  ADDON_KEY_UNKNOWN: "ADDON_KEY_UNKNOWN",
  /** A file's content differs from its signed hash or size. */
  ADDON_FILE_TAMPERED: "ADDON_FILE_TAMPERED",
  /** The package holds a file that the signature does not list. */
  ADDON_FILE_EXTRA: "ADDON_FILE_EXTRA",
  /** The signature lists a file that the package does not hold. */
  ADDON_FILE_MISSING: "ADDON_FILE_MISSING",
  /** The signed id/version differ from the manifest's. */
  ADDON_ID_MISMATCH: "ADDON_ID_MISMATCH",
  /** The package has no `manifest.json`. */
  ADDON_MANIFEST_MISSING: "ADDON_MANIFEST_MISSING",
  /** `manifest.json` is not valid JSON or breaks the manifest schema; the message names the field. */
  ADDON_MANIFEST_INVALID: "ADDON_MANIFEST_INVALID",
  /** The key is trusted, but not for this addon id (publisher prefix). */
  ADDON_KEY_NOT_ALLOWED: "ADDON_KEY_NOT_ALLOWED",
  /** The signing key has been revoked. */
  ADDON_KEY_REVOKED: "ADDON_KEY_REVOKED",
  /** The package is older than the installed version (and the downgrade was not forced). */
  ADDON_DOWNGRADE: "ADDON_DOWNGRADE",
  /** The manifest's `core` range does not include this OpsConductor version. */
  ADDON_CORE_INCOMPATIBLE: "ADDON_CORE_INCOMPATIBLE",
  /** The `worker` runtime was asked for by an addon that is not `trusted` or `core`. */
  ADDON_RUNTIME_NOT_ALLOWED: "ADDON_RUNTIME_NOT_ALLOWED",
  /** A migration touches a core table, the main/temp schema, or uses ATTACH/DETACH/PRAGMA/transactions. */
  ADDON_MIGRATION_FORBIDDEN: "ADDON_MIGRATION_FORBIDDEN",
  /** `seed/mappings.json` is not valid JSON or breaks its schema. */
  ADDON_SEED_INVALID: "ADDON_SEED_INVALID",
  /** The package has no `backend/index.js` bundle. */
  ADDON_BACKEND_MISSING: "ADDON_BACKEND_MISSING",
  /** A trust-store entry is malformed, or its keyId does not match its public key. */
  TRUST_ENTRY_INVALID: "TRUST_ENTRY_INVALID",
  /** A trust store file is not JSON, or not an array of entries (the host's and `oc-addon verify --trust`'s alike). */
  TRUST_STORE_INVALID: "TRUST_STORE_INVALID",
  /** A key file is not an Ed25519 key in the expected PEM form. */
  KEY_INVALID: "KEY_INVALID",
  /** A version or version range is not valid semver. */
  SEMVER_INVALID: "SEMVER_INVALID",
  /** A cron expression the scheduler cannot run (parseCron): the message names the field, `details.field` too. */
  CRON_INVALID: "CRON_INVALID",

  // ── Addon source and the oc-addon CLI ───────────────────────────────────────
  /** `defineAddon` got something that is not a BaseConnector/BaseNormalizer subclass, or a bundle's default export is not an addon. */
  ADDON_DEFINITION_INVALID: "ADDON_DEFINITION_INVALID",
  /** The addon's module threw while it was being loaded (top-level code of src/index.ts or what it imports). */
  ADDON_LOAD_FAILED: "ADDON_LOAD_FAILED",
  /** Addon code imports a Node built-in (`node:fs`, `net`...): the sandbox has none. */
  ADDON_NODE_BUILTIN: "ADDON_NODE_BUILTIN",
  /** esbuild could not bundle the addon (syntax error, unresolved import). */
  ADDON_BUILD_FAILED: "ADDON_BUILD_FAILED",
  /** A `fixtures/*.json` file is not valid JSON or breaks the fixture schema. */
  FIXTURE_INVALID: "FIXTURE_INVALID",
  /** `oc-addon test`: at least one fixture's actual alert differs from the expected one. */
  FIXTURES_FAILED: "FIXTURES_FAILED",
  /** `oc-addon test`: the normalizer did not finish the fixtures within the time limit (an endless loop?). */
  FIXTURES_TIMEOUT: "FIXTURES_TIMEOUT",
  /** Wrong command-line usage: unknown verb or flag, missing argument. */
  CLI_USAGE: "CLI_USAGE",
  /** A file or folder the command would create already exists. */
  CLI_EXISTS: "CLI_EXISTS",
  /** A file or folder the command needs is absent (manifest.json, build/, a key). */
  CLI_NOT_FOUND: "CLI_NOT_FOUND",
  /** A file operation failed: no such file, a folder where a file is expected, no permission, a full disk (the message has the system's words and code). */
  FILE_ACCESS_FAILED: "FILE_ACCESS_FAILED",
} as const;

export type SdkErrorCode = (typeof SdkErrorCodes)[keyof typeof SdkErrorCodes];
