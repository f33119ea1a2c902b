import type { Target } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { FieldResolver } from "../core/field-refs.ts";
import { portOf } from "../core/targets.ts";

/**
 * How the broker logs in over SSH, from conventional field names (target first,
 * then config; secrets from the secrets): `ssh_username` or `username`,
 * `ssh_password` or `password` (secret), `ssh_private_key` or `private_key`
 * (secret, PEM/OpenSSH) with `ssh_passphrase`, `ssh_port` (else `port`, else 22),
 * and optionally `ssh_host_key_sha256` (OpenSSH's `SHA256:...` fingerprint) to pin
 * the device's host key.
 */
export interface SshSettings {
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  hostKeySha256?: string;
}

export function sshSettingsOf(target: Target, fields: FieldResolver): SshSettings {
  const username = fields.setting(["ssh_username", "username"], target) ?? fields.secret(["ssh_username", "username"]);
  if (typeof username !== "string" || username === "") {
    throw hostError("BROKER_SECRET_UNKNOWN", `target '${target.id}': SSH needs 'ssh_username' (or 'username') in the connector configuration`);
  }
  const password = fields.secret(["ssh_password", "password"]);
  const privateKey = fields.secret(["ssh_private_key", "private_key"]);
  if (password === undefined && privateKey === undefined) {
    throw hostError("BROKER_SECRET_UNKNOWN", `target '${target.id}': SSH needs 'ssh_password' or 'ssh_private_key' in the connector secrets`);
  }
  const passphrase = fields.secret(["ssh_passphrase"]);
  const hostKey = fields.setting(["ssh_host_key_sha256"], target);
  return {
    port: portOf(target, "ssh_port", 22),
    username,
    ...(password !== undefined ? { password } : {}),
    ...(privateKey !== undefined ? { privateKey } : {}),
    ...(passphrase !== undefined ? { passphrase } : {}),
    ...(typeof hostKey === "string" && hostKey !== "" ? { hostKeySha256: hostKey.replace(/^SHA256:/, "").replace(/=+$/, "") } : {}),
  };
}
