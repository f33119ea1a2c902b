import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostError } from "../errors.ts";
import { makePrivateDir } from "../util/private-files.ts";

const KEY_BYTES = 32;
const IV_BYTES = 12;
const ENVELOPE_VERSION = "v1";

/**
 * Encrypts secrets at rest with AES-256-GCM under a key file in the data dir
 * (created with mode 0600). Envelopes are `v1.<iv>.<tag>.<ciphertext>` in base64url.
 */
export class SecretVault {
  readonly #key: Buffer;

  private constructor(key: Buffer) {
    this.#key = key;
  }

  /** Loads the key file, creating it (mode 0600) on first use. */
  static open(keyFile: string): SecretVault {
    if (!existsSync(keyFile)) {
      makePrivateDir(dirname(keyFile));
      // wx: never overwrite a key another process just created.
      try {
        writeFileSync(keyFile, randomBytes(KEY_BYTES).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    const mode = statSync(keyFile).mode & 0o777;
    if (mode & 0o077) chmodSync(keyFile, 0o600);
    const key = Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64");
    if (key.length !== KEY_BYTES) {
      throw hostError("SECRETS_KEY_INVALID", `secret key file ${keyFile} does not hold a ${KEY_BYTES}-byte key`);
    }
    return new SecretVault(key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [ENVELOPE_VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
  }

  decrypt(envelope: string): string {
    const [version, iv, tag, body] = envelope.split(".");
    if (version !== ENVELOPE_VERSION || !iv || !tag || body === undefined) {
      throw hostError("SECRETS_DECRYPT_FAILED", "secret envelope is malformed");
    }
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(iv, "base64url"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch (error) {
      throw hostError("SECRETS_DECRYPT_FAILED", "secret could not be decrypted (wrong key file or tampered data)", undefined, error);
    }
  }

  encryptJson(value: Record<string, unknown>): string {
    return this.encrypt(JSON.stringify(value));
  }

  decryptJson(envelope: string): Record<string, unknown> {
    return JSON.parse(this.decrypt(envelope)) as Record<string, unknown>;
  }
}
