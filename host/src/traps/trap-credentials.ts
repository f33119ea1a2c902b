import { snmp, type SnmpUser } from "../broker/snmp/net-snmp.ts";

/** What a trap from one connector instance's devices must present (host-side only: these are secrets). */
export interface TrapCredentials {
  /** v1/v2c communities accepted. */
  communities: string[];
  /** v3 USM users accepted. */
  users: SnmpUser[];
}

const DEFAULT_TRAP_COMMUNITY = "public";

function first(names: readonly string[], ...sources: Array<Readonly<Record<string, unknown>>>): string | undefined {
  for (const name of names) {
    for (const source of sources) {
      const value = source[name];
      if ((typeof value === "string" && value !== "") || typeof value === "number") return String(value);
    }
  }
  return undefined;
}

function protocol(name: string | undefined, known: Record<string, number | string>, fallback: string): number {
  const value = known[(name ?? fallback).toLowerCase()];
  return typeof value === "number" ? value : (known[fallback] as number);
}

/**
 * The trap credentials of an instance, by the broker's field conventions (README of
 * host/src/broker): `trap_community`, else `snmp_community`/`community`, else "public";
 * a v3 user from `trap_user` (or `snmp_user` with `snmp_version: 3`) with
 * `trap_auth_key`/`snmp_auth_key`, `trap_priv_key`/`snmp_priv_key` and their protocols.
 */
export function trapCredentialsOf(config: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, unknown>>): TrapCredentials {
  const community = first(["trap_community", "snmp_community", "community"], secrets, config) ?? DEFAULT_TRAP_COMMUNITY;
  const users: SnmpUser[] = [];
  const v3 = String(config.snmp_version ?? "").replace(/^v/i, "") === "3";
  const name = first(["trap_user"], config, secrets) ?? (v3 ? first(["snmp_user", "snmp_username"], config, secrets) : undefined);
  if (name) {
    const user: SnmpUser = { name, level: snmp.SecurityLevel.noAuthNoPriv };
    const authKey = first(["trap_auth_key", "snmp_auth_key", "snmp_auth_password"], secrets, config);
    const privKey = first(["trap_priv_key", "snmp_priv_key", "snmp_priv_password"], secrets, config);
    if (authKey) {
      user.level = snmp.SecurityLevel.authNoPriv;
      user.authProtocol = protocol(first(["trap_auth_protocol", "snmp_auth_protocol"], config), snmp.AuthProtocols, "sha");
      user.authKey = authKey;
      if (privKey) {
        user.level = snmp.SecurityLevel.authPriv;
        user.privProtocol = protocol(first(["trap_priv_protocol", "snmp_priv_protocol"], config), snmp.PrivProtocols, "aes");
        user.privKey = privKey;
      }
    }
    users.push(user);
  }
  return { communities: [community], users };
}
