import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** A random, URL-safe secret: session cookies, CSRF tokens, API tokens. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Only digests of bearer secrets are stored, so a database leak does not leak live credentials. */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Compares two strings without leaking, through timing, how much of them matched. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
