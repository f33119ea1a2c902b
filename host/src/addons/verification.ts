import { existsSync } from "node:fs";
import { OcError, SdkErrorCodes } from "@opsconductor/sdk";
import { verifyPackage, type VerifiedPackage } from "@opsconductor/sdk/node";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { getInstalledAddon, type InstalledAddon } from "./installed-addons.ts";
import { assertTreeMatches } from "./package-files.ts";
import type { AddonPaths } from "./paths.ts";
import type { TrustStore } from "./trust-store.ts";

/** What every verification of this host shares. */
export interface VerifyPolicy {
  trust: TrustStore;
  /** Dev mode: unsigned packages are accepted, with a warning. */
  dev: boolean;
}

export interface UploadVerification {
  verified: VerifiedPackage;
  /** The version installed now, if any. */
  existing: InstalledAddon | undefined;
}

/**
 * Verifies an uploaded package (the SDK's verifier, DESIGN §4.2) against the trust store
 * and the installed version of the same id: an older version is ADDON_DOWNGRADE unless
 * `force`. The id is only known once the package verified, hence the second pass when
 * the addon is installed already.
 */
export function verifyUpload(db: Db, bytes: Uint8Array, policy: VerifyPolicy, force: boolean): UploadVerification {
  const trust = policy.trust.list();
  const first = verifyPackage(bytes, { trust, dev: policy.dev, allowDowngrade: true });
  const existing = getInstalledAddon(db, first.manifest.id);
  if (!existing || force) return { verified: first, existing };
  const verified = verifyPackage(bytes, {
    trust, dev: policy.dev, installed: { id: existing.id, version: existing.version }, allowDowngrade: false,
  });
  return { verified, existing };
}

/**
 * Re-verifies an installed version from its kept zip, and checks that the extracted copy
 * is still exactly the signed files. Any change is refused with the verifier's code.
 */
export function verifyInstalledVersion(paths: AddonPaths, policy: VerifyPolicy, id: string, version: string): VerifiedPackage {
  const zip = paths.packageZip(id, version);
  if (!existsSync(zip)) throw hostError("ADDON_PACKAGE_MISSING", `the package of ${id} ${version} (${zip}) is missing`);
  const verified = verifyPackage(zip, { trust: policy.trust.list(), dev: policy.dev });
  if (verified.manifest.id !== id || verified.manifest.version !== version) {
    throw new OcError(SdkErrorCodes.ADDON_ID_MISMATCH,
      `${zip} holds ${verified.manifest.id} ${verified.manifest.version}, not ${id} ${version}`);
  }
  assertTreeMatches(paths.versionDir(id, version), verified.files);
  return verified;
}
