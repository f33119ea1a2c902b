import { verify } from "node:crypto";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { readPublicKey } from "./keys.ts";
import { checkTrustEntry, type TrustEntry } from "./trust.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, parseSignedFileList, type SignedFileList } from "./signed-file-list.ts";

/** A verified signature: the signed file list and the trust entry of its key. */
export interface VerifiedSignature {
  list: SignedFileList;
  entry: TrustEntry;
}

const BASE64 = /^[A-Za-z0-9+/]{86}==$/;

/**
 * Finds the signature, its key in the trust store, and checks it over the exact
 * bytes of `files.json`. Returns `null` when the package has no signature at all
 * (the caller decides whether dev mode allows that). Throws
 * `ADDON_SIGNATURE_MISSING` (one of the two files only), `ADDON_KEY_UNKNOWN`,
 * `ADDON_SIGNATURE_INVALID`, or `TRUST_ENTRY_INVALID` for a broken store entry.
 *
 * @example
 * const signature = checkSignature(files, trustStore);
 */
export function checkSignature(files: ReadonlyMap<string, Uint8Array>, trust: readonly TrustEntry[]): VerifiedSignature | null {
  const fileListBytes = files.get(SIGNED_FILE_LIST_PATH);
  const signatureBytes = files.get(SIGNATURE_PATH);
  if (!fileListBytes && !signatureBytes) return null;
  if (!fileListBytes || !signatureBytes) {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_MISSING, `${fileListBytes ? SIGNATURE_PATH : SIGNED_FILE_LIST_PATH} is missing`);
  }
  const list = parseSignedFileList(fileListBytes);
  const candidate = trust.find((entry) => entry.keyId === list.keyId);
  if (!candidate) {
    throw new OcError(SdkErrorCodes.ADDON_KEY_UNKNOWN, `the package is signed by key ${list.keyId}, which is not in the trust store`, { keyId: list.keyId });
  }
  const entry = checkTrustEntry(candidate);
  const signatureText = Buffer.from(signatureBytes).toString("latin1").trim();
  if (!BASE64.test(signatureText)) {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_INVALID, `${SIGNATURE_PATH} is not a base64 Ed25519 signature`);
  }
  if (!verify(null, fileListBytes, readPublicKey(entry.publicKey), Buffer.from(signatureText, "base64"))) {
    throw new OcError(SdkErrorCodes.ADDON_SIGNATURE_INVALID, `the signature does not match ${SIGNED_FILE_LIST_PATH} for key ${list.keyId}`, { keyId: list.keyId });
  }
  return { list, entry };
}
