import { readFileSync, statSync } from "node:fs";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import type { Manifest } from "../manifest/schema.ts";
import { parseManifestJson, validateManifest } from "../manifest/validate.ts";
import { parseSeedMappings } from "../manifest/seed.ts";
import { OPSCONDUCTOR_VERSION } from "../manifest/core-version.ts";
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from "./limits.ts";
import { readZipSafely } from "./zip/read-zip.ts";
import { checkSignature } from "./verify-signature.ts";
import { checkFileSet } from "./file-set.ts";
import { checkInstallPolicy } from "./verify-policy.ts";
import { checkMigrations } from "./migration-check.ts";
import type { TrustEntry, TrustLevel } from "./trust.ts";

/** Where a package's backend bundle must be. */
export const BACKEND_ENTRY = "backend/index.js";
export const MANIFEST_PATH = "manifest.json";
export const SEED_MAPPINGS_PATH = "seed/mappings.json";

export interface VerifyOptions {
  /** The trust store: keys, what they may sign, at which level. */
  trust: readonly TrustEntry[];
  /** Key ids revoked in addition to entries marked `revoked`. */
  revokedKeyIds?: readonly string[];
  /** The version installed now, for the downgrade check (without `id`: this same addon). */
  installed?: { id?: string; version: string } | null;
  /** Allow installing an older version than `installed`. */
  allowDowngrade?: boolean;
  /** Dev mode: a package without any signature is accepted at level `unsigned`, with a warning. */
  dev?: boolean;
  /** The OpsConductor version checked against the manifest's `core` range (default: this SDK's). */
  hostVersion?: string;
  /** Extraction caps; unset fields take {@link DEFAULT_PACKAGE_LIMITS}. */
  limits?: Partial<PackageLimits>;
}

/** Who vouches for a verified package. */
export type PackageTrust =
  | { level: TrustLevel; keyId: string; publisher: string; signedAt: string }
  | { level: "unsigned" };

export interface VerifiedPackage {
  manifest: Manifest;
  /** Every file by path, `SIGNATURE/*` included (keep them to re-verify at the next start). */
  files: Map<string, Buffer>;
  trust: PackageTrust;
  warnings: string[];
}

/**
 * The one package verifier, shared by `oc-addon verify` and the host. Works in
 * memory and never writes to disk. Each failure throws an `OcError` with its own
 * stable code, checked in this order (DESIGN §4.2):
 *
 * 1. safe extraction — `ADDON_ZIP_INVALID`, `ADDON_TOO_MANY_ENTRIES`,
 *    `ADDON_PATH_ABSOLUTE`, `ADDON_PATH_TRAVERSAL`, `ADDON_PATH_INVALID`,
 *    `ADDON_LINK_ENTRY`, `ADDON_DUPLICATE_ENTRY`, `ADDON_ZIP_BOMB`, `ADDON_TOO_LARGE`;
 * 2. signature by a trusted key — `ADDON_SIGNATURE_MISSING`, `ADDON_KEY_UNKNOWN`,
 *    `ADDON_SIGNATURE_INVALID`;
 * 3. exactly the signed files — `ADDON_FILE_MISSING`, `ADDON_FILE_TAMPERED`, `ADDON_FILE_EXTRA`;
 * 4. signed id/version = manifest's — `ADDON_MANIFEST_MISSING`, `ADDON_ID_MISMATCH`;
 * 5. manifest schema — `ADDON_MANIFEST_INVALID` (names the field);
 * 6. install policy — `ADDON_KEY_NOT_ALLOWED`, `ADDON_KEY_REVOKED`, `ADDON_DOWNGRADE`,
 *    `ADDON_CORE_INCOMPATIBLE`, `ADDON_RUNTIME_NOT_ALLOWED`;
 * 7. contents — `ADDON_MIGRATION_FORBIDDEN`, `ADDON_SEED_INVALID`, `ADDON_BACKEND_MISSING`.
 *
 * @example
 * const trust = [createTrustEntry(publicKeyPem, { publisher: "Acme", idPrefixes: ["acme."], level: "community" })];
 * try {
 *   const { manifest, files, trust: who } = verifyPackage("dist/acme.ups-1.0.0.zip", { trust, installed });
 *   console.log(`${manifest.id} ${manifest.version} signed by ${who.level}`);
 * } catch (error) {
 *   if (OcError.is(error)) console.error(`${error.code}: ${error.message}`);
 * }
 */
export function verifyPackage(input: Uint8Array | string, options: VerifyOptions): VerifiedPackage {
  const limits: PackageLimits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
  const files = readZipSafely(readInput(input, limits), limits);
  const warnings: string[] = [];

  const signature = checkSignature(files, options.trust);
  if (signature) {
    checkFileSet(files, signature.list);
  } else if (options.dev) {
    warnings.push("the package is unsigned: loaded only because dev mode is on");
  } else {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_MISSING, "the package is not signed (SIGNATURE/files.json is missing)");
  }

  const manifestBytes = files.get(MANIFEST_PATH);
  if (!manifestBytes) throw new OcError(SdkErrorCodes.ADDON_MANIFEST_MISSING, "the package has no manifest.json");
  const manifestJson = parseManifestJson(manifestBytes);
  if (signature) checkSignedIdentity(signature.list, manifestJson);
  const manifest = validateManifest(manifestJson);

  checkInstallPolicy(manifest, signature?.entry ?? null, {
    revokedKeyIds: options.revokedKeyIds,
    installed: options.installed,
    allowDowngrade: options.allowDowngrade,
    hostVersion: options.hostVersion ?? OPSCONDUCTOR_VERSION,
  });
  checkMigrations(files);
  const seed = files.get(SEED_MAPPINGS_PATH);
  if (seed) parseSeedMappings(seed);
  if (!files.has(BACKEND_ENTRY)) throw new OcError(SdkErrorCodes.ADDON_BACKEND_MISSING, `the package has no ${BACKEND_ENTRY}`);

  const trust: PackageTrust = signature
    ? { level: signature.entry.level, keyId: signature.entry.keyId, publisher: signature.entry.publisher, signedAt: signature.list.signedAt }
    : { level: "unsigned" };
  return { manifest, files, trust, warnings };
}

/** Reads a path (refusing files too large to be a package), or wraps the bytes in a Buffer view without copying. */
function readInput(input: Uint8Array | string, limits: PackageLimits): Buffer {
  if (typeof input !== "string") return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let size: number;
  try {
    size = statSync(input).size;
  } catch (error) {
    throw new OcError(SdkErrorCodes.ADDON_ZIP_INVALID, `cannot read ${input}: ${(error as Error).message}`);
  }
  if (size > limits.maxTotalBytes) {
    throw new OcError(SdkErrorCodes.ADDON_TOO_LARGE, `${input} is ${size} bytes, more than the ${limits.maxTotalBytes}-byte package limit`);
  }
  return readFileSync(input);
}

function checkSignedIdentity(list: { id: string; version: string }, manifest: unknown): void {
  const fields = (typeof manifest === "object" && manifest !== null ? manifest : {}) as { id?: unknown; version?: unknown };
  if (fields.id !== list.id || fields.version !== list.version) {
    throw new OcError(SdkErrorCodes.ADDON_ID_MISMATCH,
      `the signature is for ${list.id} ${list.version} but manifest.json says ${String(fields.id)} ${String(fields.version)}`,
      { signed: { id: list.id, version: list.version } });
  }
}
