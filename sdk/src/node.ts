/**
 * The Node-only half of the SDK: package signing and verification (node:crypto, node:zlib,
 * node:fs), used by the oc-addon CLI and the host. An addon imports `@opsconductor/sdk`,
 * which carries none of it.
 */
export { verifyPackage, BACKEND_ENTRY, type VerifyOptions, type VerifiedPackage, type PackageTrust } from "./package/verify.ts";
export { generateSigningKeyPair, isPrivateKeyPem, keyIdOf, readPublicKey, readPrivateKey, type SigningKeyPair } from "./package/keys.ts";
export { signPackageFiles, withSignature, listFileHashes, type PackageSignature } from "./package/sign.ts";
export { SIGNED_FILE_LIST_PATH, SIGNATURE_PATH, signedFileListSchema, parseSignedFileList, type SignedFileList } from "./package/signed-file-list.ts";
export { createTrustEntry, checkTrustEntry, isIdPrefix, keyMaySign, trustEntrySchema, TRUST_LEVELS, type TrustEntry, type TrustLevel } from "./package/trust.ts";
export { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from "./package/limits.ts";
export { CORE_TABLES } from "./package/core-tables.ts";
export { checkMigrationSql, checkMigrations } from "./package/migration-check.ts";
export { readZipSafely } from "./package/zip/read-zip.ts";
export { writePackageZip } from "./package/zip/write-zip.ts";
