import { createHash, createPublicKey, sign } from "node:crypto";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { parseManifest } from "../manifest/validate.ts";
import { keyIdOf, readPrivateKey } from "./keys.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, isSignaturePath, type SignedFileList } from "./signed-file-list.ts";

/**
 * Hash and size of every file except `SIGNATURE/*`, keyed by path in sorted order.
 *
 * @example
 * listFileHashes(files)["manifest.json"]; // { sha256: "9c1e…", size: 412 }
 */
export function listFileHashes(files: ReadonlyMap<string, Uint8Array>): SignedFileList["files"] {
  const list: SignedFileList["files"] = {};
  for (const path of [...files.keys()].filter((p) => !isSignaturePath(p)).sort()) {
    const content = files.get(path)!;
    list[path] = { sha256: createHash("sha256").update(content).digest("hex"), size: content.length };
  }
  return list;
}

/** The two files a signature adds to a package. */
export interface PackageSignature {
  keyId: string;
  /** `SIGNATURE/files.json`: exactly the bytes that were signed. */
  fileList: Buffer;
  /** `SIGNATURE/files.json.sig`: base64 Ed25519 signature of `fileList`, newline-terminated. */
  signature: Buffer;
}

/**
 * Signs a package's files with an Ed25519 private key (PKCS#8 PEM). The id and
 * version come from the files' `manifest.json`, which must be valid. Existing
 * `SIGNATURE/*` files are ignored (re-signing replaces them).
 *
 * @example
 * const signature = signPackageFiles(files, readFileSync("acme.key", "utf8"));
 * files.set(SIGNED_FILE_LIST_PATH, signature.fileList);
 * files.set(SIGNATURE_PATH, signature.signature);
 */
export function signPackageFiles(
  files: ReadonlyMap<string, Uint8Array>,
  privateKeyPem: string,
  options: { signedAt?: string } = {},
): PackageSignature {
  const manifestBytes = files.get("manifest.json");
  if (!manifestBytes) throw new OcError(SdkErrorCodes.ADDON_MANIFEST_MISSING, "there is no manifest.json to sign");
  const manifest = parseManifest(manifestBytes);
  const privateKey = readPrivateKey(privateKeyPem);
  const keyId = keyIdOf(createPublicKey(privateKey));
  const list: SignedFileList = {
    id: manifest.id,
    version: manifest.version,
    keyId,
    signedAt: options.signedAt ?? new Date().toISOString(),
    files: listFileHashes(files),
  };
  const fileList = Buffer.from(`${JSON.stringify(list, null, 2)}\n`);
  const signature = Buffer.from(`${sign(null, fileList, privateKey).toString("base64")}\n`);
  return { keyId, fileList, signature };
}

/**
 * Returns a copy of `files` with a fresh signature in `SIGNATURE/`.
 *
 * @example
 * const signed = withSignature(files, privateKeyPem);
 */
export function withSignature(files: ReadonlyMap<string, Uint8Array>, privateKeyPem: string, options: { signedAt?: string } = {}): Map<string, Buffer> {
  const signature = signPackageFiles(files, privateKeyPem, options);
  const signed = new Map<string, Buffer>();
  for (const [path, content] of files) if (!isSignaturePath(path)) signed.set(path, Buffer.from(content));
  signed.set(SIGNED_FILE_LIST_PATH, signature.fileList);
  signed.set(SIGNATURE_PATH, signature.signature);
  return signed;
}

