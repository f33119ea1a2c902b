import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

/** An Ed25519 key pair as PEM text, with the key id that `files.json` names. */
export interface SigningKeyPair {
  /** PKCS#8 PEM: keep it secret (`NAME.key`, mode 0600). */
  privateKeyPem: string;
  /** SPKI PEM: what goes in a trust store (`NAME.pub`). */
  publicKeyPem: string;
  keyId: string;
}

/**
 * Generates an Ed25519 signing key pair.
 *
 * @example
 * const { privateKeyPem, publicKeyPem, keyId } = generateSigningKeyPair();
 */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/**
 * The key id: the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
 *
 * @example
 * keyIdOf(readFileSync("acme.pub", "utf8")); // "3f9a0c4e12b7d655"
 */
export function keyIdOf(publicKey: string | KeyObject): string {
  const key = typeof publicKey === "string" ? readPublicKey(publicKey) : publicKey;
  const raw = Buffer.from(key.export({ format: "jwk" }).x ?? "", "base64url");
  return createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

/**
 * Reads an Ed25519 public key (SPKI PEM); throws `KEY_INVALID` otherwise, also for a private
 * key (Node would derive its public half, and the caller store the secret where a public key goes).
 *
 * @example
 * const key = readPublicKey(readFileSync("acme.pub", "utf8"));
 */
export function readPublicKey(pem: string): KeyObject {
  if (isPrivateKeyPem(pem)) {
    throw new OcError(SdkErrorCodes.KEY_INVALID, "this is a private key: pass its public half (the .pub file); the private key stays with its owner");
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new OcError(SdkErrorCodes.KEY_INVALID, `not a PEM public key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new OcError(SdkErrorCodes.KEY_INVALID, `the public key is ${key.asymmetricKeyType ?? "unknown"}, not ed25519`);
  }
  return key;
}

/**
 * Whether a PEM text holds a private key (PKCS#8, or a traditional `RSA`/`EC` one).
 *
 * @example
 * isPrivateKeyPem(readFileSync("acme.key", "utf8")); // true
 */
export function isPrivateKeyPem(pem: string): boolean {
  return /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem);
}

/**
 * Reads an Ed25519 private key (PKCS#8 PEM); throws `KEY_INVALID` otherwise.
 *
 * @example
 * const key = readPrivateKey(readFileSync("acme.key", "utf8"));
 */
export function readPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new OcError(SdkErrorCodes.KEY_INVALID, `not a PEM private key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new OcError(SdkErrorCodes.KEY_INVALID, `the private key is ${key.asymmetricKeyType ?? "unknown"}, not ed25519`);
  }
  return key;
}
