import type { Target } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { FieldResolver } from "../core/field-refs.ts";
import { portOf } from "../core/targets.ts";
import { snmp, type SnmpUser } from "./net-snmp.ts";

/**
 * How the broker talks SNMP to a target, from fields with conventional names,
 * looked up on the target first, then in the instance config (secrets in the secrets):
 * `snmp_version` (1 | 2c | 3, default 2c), `snmp_community` or `community` (secret),
 * `snmp_user`, `snmp_auth_protocol` (md5 | sha | sha224 | sha256 | sha384 | sha512, default sha),
 * `snmp_auth_key` (secret), `snmp_priv_protocol` (aes | des | aes256b | aes256r, default aes),
 * `snmp_priv_key` (secret), `snmp_port` (else `port`, else 161), `snmp_retries` (default 1).
 */
export interface SnmpSettings {
  version: "1" | "2c" | "3";
  community?: string;
  user?: SnmpUser;
  port: number;
  retries: number;
  /** Per attempt; all attempts together fit in the call's time limit. */
  attemptTimeoutMs: number;
}

export function snmpSettingsOf(target: Target, fields: FieldResolver, callTimeoutMs: number): SnmpSettings {
  const version = normalizeVersion(fields.setting(["snmp_version"], target));
  const retries = clampInt(fields.setting(["snmp_retries"], target), 0, 5, 1);
  const base = {
    version, port: portOf(target, "snmp_port", 161), retries,
    attemptTimeoutMs: Math.max(100, Math.floor(callTimeoutMs / (retries + 1))),
  };
  if (version !== "3") {
    const community = fields.secret(["snmp_community", "community"]);
    if (community === undefined) throw missing("snmp_community", target);
    return { ...base, community };
  }
  const name = fields.setting(["snmp_user", "snmp_username"], target) ?? fields.secret(["snmp_user", "snmp_username"]);
  if (typeof name !== "string" || name === "") throw missing("snmp_user", target);
  const authKey = fields.secret(["snmp_auth_key", "snmp_auth_password"]);
  const privKey = fields.secret(["snmp_priv_key", "snmp_priv_password"]);
  if (privKey !== undefined && authKey === undefined) {
    throw hostError("BROKER_REQUEST_INVALID", `target '${target.id}': SNMPv3 privacy (snmp_priv_key) needs authentication (snmp_auth_key)`);
  }
  const user: SnmpUser = { name, level: snmp.SecurityLevel.noAuthNoPriv };
  if (authKey !== undefined) {
    user.level = snmp.SecurityLevel.authNoPriv;
    user.authProtocol = protocolOf(fields.setting(["snmp_auth_protocol"], target) ?? "sha", snmp.AuthProtocols, "snmp_auth_protocol");
    user.authKey = authKey;
  }
  if (privKey !== undefined) {
    user.level = snmp.SecurityLevel.authPriv;
    user.privProtocol = protocolOf(fields.setting(["snmp_priv_protocol"], target) ?? "aes", snmp.PrivProtocols, "snmp_priv_protocol");
    user.privKey = privKey;
  }
  return { ...base, user };
}

function normalizeVersion(value: unknown): SnmpSettings["version"] {
  const text = String(value ?? "2c").toLowerCase().replace(/^v/, "");
  if (text === "1" || text === "2c" || text === "3") return text;
  if (text === "2") return "2c";
  throw hostError("BROKER_REQUEST_INVALID", `snmp_version must be 1, 2c or 3, not ${JSON.stringify(String(value)).slice(0, 20)}`);
}

function protocolOf(value: unknown, known: Record<string, number | string>, field: string): number {
  const name = String(value).toLowerCase();
  const protocol = known[name];
  if (typeof protocol !== "number" || name === "none") {
    const names = Object.keys(known).filter((key) => typeof known[key] === "number" && key !== "none");
    throw hostError("BROKER_REQUEST_INVALID", `${field} must be one of ${names.join(", ")}`);
  }
  return protocol;
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) ? Math.min(max, Math.max(min, number)) : fallback;
}

function missing(field: string, target: Target) {
  return hostError("BROKER_SECRET_UNKNOWN", `target '${target.id}': SNMP needs '${field}' in the connector configuration`, { field });
}
