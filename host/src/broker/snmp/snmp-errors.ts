import { hostError } from "../../errors.ts";
import { snmp } from "./net-snmp.ts";

const AUTH_CODES = new Set(["EAuthFailure", "ECouldNotDecrypt", "ENotInTimeWindow", "EUnexpectedReport", "ECommunityNoMatch"]
  .map((name) => snmp.ResponseInvalidCode[name]));

/**
 * net-snmp failures as broker codes. A wrong v2c community gets no answer at all
 * (agents drop it silently), so it surfaces as BROKER_SNMP_TIMEOUT; v3 reports
 * (unknown user, wrong digest, decryption) as BROKER_SNMP_AUTH.
 */
export function mapSnmpError(error: unknown) {
  if (error instanceof snmp.RequestTimedOutError) {
    return hostError("BROKER_SNMP_TIMEOUT", "the SNMP agent did not answer (unreachable, or a wrong community/user, which agents silently drop)");
  }
  if (error instanceof snmp.ResponseInvalidError && AUTH_CODES.has(error.code)) {
    return hostError("BROKER_SNMP_AUTH", `the SNMP agent refused the credentials (${error.message})`);
  }
  if (error instanceof snmp.RequestFailedError) {
    return hostError("BROKER_SNMP_ERROR", `the SNMP agent answered with an error: ${error.message}`, { status: error.status });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported/i.test(message) && /digital envelope/i.test(message)) {
    return hostError("BROKER_SNMP_ERROR", "this SNMPv3 privacy protocol (DES) is unavailable in Node's OpenSSL 3 default provider; use AES");
  }
  const code = (error as { code?: unknown }).code;
  if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH") {
    return hostError("BROKER_UNREACHABLE", `the SNMP agent cannot be reached (${code})`);
  }
  return hostError("BROKER_SNMP_ERROR", `SNMP request failed: ${message}`);
}
