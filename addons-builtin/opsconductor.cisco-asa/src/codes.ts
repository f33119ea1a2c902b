/** Target outcome codes of this addon (stable: health alerts and the UI key on them). */
export const AsaCodes = {
  /** The login or the enable password was refused, or a credential is missing. */
  ASA_AUTH_FAILED: "ASA_AUTH_FAILED",
  /** No SSH session: connection refused, host unreachable, or no answer in time. */
  ASA_UNREACHABLE: "ASA_UNREACHABLE",
  /** A command answered with something its parser does not recognise (an error line, another platform). */
  ASA_UNEXPECTED_OUTPUT: "ASA_UNEXPECTED_OUTPUT",
  /** Any other failure of the session. */
  ASA_POLL_FAILED: "ASA_POLL_FAILED",
} as const;

const AUTH = new Set(["BROKER_SSH_AUTH", "BROKER_SECRET_UNKNOWN"]);
const UNREACHABLE = new Set(["BROKER_UNREACHABLE", "BROKER_SSH_TIMEOUT", "BROKER_TIMEOUT"]);

/** The outcome code of a failed target from what was thrown (broker codes arrive as `error.code`). */
export function outcomeCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return AsaCodes.ASA_POLL_FAILED;
  if (AUTH.has(code)) return AsaCodes.ASA_AUTH_FAILED;
  if (UNREACHABLE.has(code)) return AsaCodes.ASA_UNREACHABLE;
  return code.startsWith("ASA_") ? code : AsaCodes.ASA_POLL_FAILED;
}
