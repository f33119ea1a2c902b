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
} as const;

export type SdkErrorCode = (typeof SdkErrorCodes)[keyof typeof SdkErrorCodes];
