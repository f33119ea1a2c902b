import { createHash, randomBytes } from "node:crypto";
import type { AuthChallenge } from "./www-authenticate.ts";

/** RFC 7616 algorithms we answer; SHA-512-256 is rare on devices and needs a truncated hash, so it is not offered. */
const HASHES = { "MD5": "md5", "MD5-SESS": "md5", "SHA-256": "sha256", "SHA-256-SESS": "sha256" } as const;
type Algorithm = keyof typeof HASHES;
const PREFERENCE: readonly Algorithm[] = ["SHA-256", "SHA-256-SESS", "MD5", "MD5-SESS"];

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: Algorithm;
  /** "auth" when the server offers it; undefined for an RFC 2069 challenge without qop. */
  qop?: "auth";
  stale: boolean;
  userhash: boolean;
}

export type DigestChoice = { challenge: DigestChallenge } | { unsupported: string } | undefined;

/**
 * The strongest Digest challenge we can answer among a 401's challenges
 * (SHA-256 before MD5); `unsupported` when Digest is offered only in forms we cannot
 * answer (qop=auth-int only, unknown algorithm).
 */
export function pickDigestChallenge(challenges: readonly AuthChallenge[]): DigestChoice {
  const digests = challenges.filter((challenge) => challenge.scheme === "digest");
  if (digests.length === 0) return undefined;
  const usable = digests.flatMap((challenge) => {
    const parsed = toDigestChallenge(challenge);
    return parsed ? [parsed] : [];
  });
  usable.sort((a, b) => PREFERENCE.indexOf(a.algorithm) - PREFERENCE.indexOf(b.algorithm));
  if (usable[0]) return { challenge: usable[0] };
  const offered = digests.map((d) => `algorithm=${d.params.algorithm ?? "MD5"} qop=${d.params.qop ?? "none"}`).join("; ");
  return { unsupported: `the target offers Digest only as ${offered}` };
}

function toDigestChallenge(challenge: AuthChallenge): DigestChallenge | undefined {
  const { realm, nonce } = challenge.params;
  if (realm === undefined || nonce === undefined) return undefined;
  const algorithm = (challenge.params.algorithm ?? "MD5").toUpperCase();
  if (!(algorithm in HASHES)) return undefined;
  const qops = challenge.params.qop?.split(",").map((q) => q.trim().toLowerCase());
  if (qops && !qops.includes("auth")) return undefined;
  return {
    realm, nonce,
    ...(challenge.params.opaque !== undefined ? { opaque: challenge.params.opaque } : {}),
    algorithm: algorithm as Algorithm,
    ...(qops ? { qop: "auth" as const } : {}),
    stale: challenge.params.stale?.toLowerCase() === "true",
    userhash: challenge.params.userhash?.toLowerCase() === "true",
  };
}

export interface DigestInput {
  challenge: DigestChallenge;
  username: string;
  password: string;
  method: string;
  uri: string;
  nc: number;
  cnonce: string;
}

/** The Authorization header value for one request (RFC 7616 §3.4). */
export function digestAuthorization(input: DigestInput): string {
  const { challenge, method, uri, cnonce } = input;
  const hash = (text: string) => createHash(HASHES[challenge.algorithm]).update(text, "utf8").digest("hex");
  const nc = input.nc.toString(16).padStart(8, "0");
  let ha1 = hash(`${input.username}:${challenge.realm}:${input.password}`);
  if (challenge.algorithm.endsWith("-SESS")) ha1 = hash(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = hash(`${method}:${uri}`);
  const response = challenge.qop
    ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:${challenge.qop}:${ha2}`)
    : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const username = challenge.userhash ? hash(`${input.username}:${challenge.realm}`) : input.username;
  const parts = [
    `username=${quote(username)}`, `realm=${quote(challenge.realm)}`, `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`, `algorithm=${challenge.algorithm}`, `response=${quote(response)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (challenge.qop) parts.push(`qop=${challenge.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (challenge.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/**
 * Digest state of one (target, credentials): the last challenge and its nonce
 * count, so that later requests authenticate up front by reusing the nonce with
 * nc = 2, 3, ... until the server calls it stale.
 */
export class DigestSession {
  readonly #username: string;
  readonly #password: string;
  #challenge: DigestChallenge | undefined;
  #nc = 0;

  constructor(username: string, password: string) {
    this.#username = username;
    this.#password = password;
  }

  get hasChallenge(): boolean {
    return this.#challenge !== undefined;
  }

  adopt(challenge: DigestChallenge): void {
    this.#challenge = challenge;
    this.#nc = 0;
  }

  forget(): void {
    this.#challenge = undefined;
  }

  /** The header for the next request, or undefined before any challenge was seen. */
  authorization(method: string, uri: string): string | undefined {
    if (!this.#challenge) return undefined;
    this.#nc += 1;
    return digestAuthorization({
      challenge: this.#challenge, username: this.#username, password: this.#password,
      method, uri, nc: this.#nc, cnonce: randomBytes(16).toString("hex"),
    });
  }
}
