/** Target outcome codes of this addon (stable: health alerts and the UI key on them). */
export const UpsCodes = {
  /** SNMPv3 credentials refused (unknown user, wrong key), or a credential is missing. */
  UPS_AUTH_FAILED: "UPS_AUTH_FAILED",
  /** No answer: unreachable, or a wrong v1/v2c community (agents drop those silently). */
  UPS_UNREACHABLE: "UPS_UNREACHABLE",
  /** The agent answers but serves neither UPS-MIB nor XUPS-MIB. */
  UPS_NOT_SUPPORTED: "UPS_NOT_SUPPORTED",
  /** Any other SNMP failure. */
  UPS_POLL_FAILED: "UPS_POLL_FAILED",
} as const;

const AUTH = new Set(["BROKER_SNMP_AUTH", "BROKER_SECRET_UNKNOWN"]);
const UNREACHABLE = new Set(["BROKER_SNMP_TIMEOUT", "BROKER_UNREACHABLE", "BROKER_TIMEOUT"]);

/** The outcome code of a failed target from what was thrown (broker codes arrive as `error.code`). */
export function outcomeCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return UpsCodes.UPS_POLL_FAILED;
  if (AUTH.has(code)) return UpsCodes.UPS_AUTH_FAILED;
  if (UNREACHABLE.has(code)) return UpsCodes.UPS_UNREACHABLE;
  return code.startsWith("UPS_") ? code : UpsCodes.UPS_POLL_FAILED;
}
