import { randomSecret, safeEqual, sha256Hex } from "../auth/secrets.ts";

const TOKEN_PREFIX = "ocw_";

/** A new per-instance webhook token: shown once, stored only as its sha256. */
export function createWebhookToken(): { token: string; hash: string } {
  const token = `${TOKEN_PREFIX}${randomSecret(24)}`;
  return { token, hash: sha256Hex(token) };
}

/** Constant-time check of a presented token against the stored hash. */
export function webhookTokenMatches(presented: string | undefined, storedHash: string | null): boolean {
  if (!presented || !storedHash) return false;
  return safeEqual(sha256Hex(presented), storedHash);
}

/**
 * The token of a webhook request: `Authorization: Bearer <token>`, `X-OpsConductor-Token`,
 * or `?token=` (for senders that can only be given a URL).
 */
export function presentedWebhookToken(header: (name: string) => string | undefined, query: (name: string) => string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header("authorization") ?? "")?.[1];
  return bearer ?? header("x-opsconductor-token")?.trim() ?? query("token");
}
