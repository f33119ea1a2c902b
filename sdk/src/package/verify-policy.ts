import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import type { Manifest } from "../manifest/schema.ts";
import { compareVersions, satisfies } from "../manifest/semver.ts";
import { keyMaySign, type TrustEntry, type TrustLevel } from "./trust.ts";

/** What decides whether a verified, intact package may be installed here. */
export interface InstallPolicy {
  revokedKeyIds?: readonly string[];
  /** The installed version; without `id` it is taken to be this same addon. */
  installed?: { id?: string; version: string } | null;
  allowDowngrade?: boolean;
  hostVersion: string;
}

/**
 * The install-time rules after the signature: the key may sign this id
 * (`ADDON_KEY_NOT_ALLOWED`), the key is not revoked (`ADDON_KEY_REVOKED`), no
 * downgrade unless forced (`ADDON_DOWNGRADE`), the host is in the `core` range
 * (`ADDON_CORE_INCOMPATIBLE`), and `worker` only for trusted or core addons
 * (`ADDON_RUNTIME_NOT_ALLOWED`). `entry` is null for an unsigned (dev) package.
 *
 * @example
 * checkInstallPolicy(manifest, entry, { hostVersion: "0.1.0", installed: { id: manifest.id, version: "1.0.0" } });
 */
export function checkInstallPolicy(manifest: Manifest, entry: TrustEntry | null, policy: InstallPolicy): void {
  if (entry && !keyMaySign(entry.idPrefixes, manifest.id)) {
    throw new OcError(SdkErrorCodes.ADDON_KEY_NOT_ALLOWED,
      `key ${entry.keyId} (${entry.publisher}) may sign ids under ${entry.idPrefixes.join(", ")}, not ${manifest.id}`,
      { keyId: entry.keyId, id: manifest.id });
  }
  if (entry && (entry.revoked === true || policy.revokedKeyIds?.includes(entry.keyId))) {
    throw new OcError(SdkErrorCodes.ADDON_KEY_REVOKED, `key ${entry.keyId} (${entry.publisher}) has been revoked`, { keyId: entry.keyId });
  }
  const installed = policy.installed;
  if (installed && (installed.id === undefined || installed.id === manifest.id) && !policy.allowDowngrade && compareVersions(manifest.version, installed.version) < 0) {
    throw new OcError(SdkErrorCodes.ADDON_DOWNGRADE,
      `${manifest.id} ${manifest.version} is older than the installed ${installed.version}; force the downgrade to install it`,
      { installed: installed.version, version: manifest.version });
  }
  if (!satisfies(policy.hostVersion, manifest.core)) {
    throw new OcError(SdkErrorCodes.ADDON_CORE_INCOMPATIBLE,
      `${manifest.id} needs OpsConductor ${manifest.core}; this is ${policy.hostVersion}`, { core: manifest.core, hostVersion: policy.hostVersion });
  }
  const level: TrustLevel | "unsigned" = entry?.level ?? "unsigned";
  if (manifest.runtime === "worker" && level !== "trusted" && level !== "core") {
    throw new OcError(SdkErrorCodes.ADDON_RUNTIME_NOT_ALLOWED,
      `${manifest.id} asks for the worker runtime, which only trusted and core addons get (this one is ${level})`, { level });
  }
}
