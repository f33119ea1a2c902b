import { createHmac, randomBytes } from "node:crypto";
import { hostError } from "../../errors.ts";
import { md4 } from "./md4.ts";

/**
 * NTLMv2 client messages (MS-NLMP), for devices and servers (Milestone's IDP)
 * that take Windows credentials over HTTP. Written here rather than taken from
 * `ntlm-client`: that package needs MD4 from OpenSSL's legacy provider, which
 * Node 24 does not load; this file needs only HMAC-MD5 and the pure MD4 beside it.
 * NTLMv1 is never answered.
 */

const SIGNATURE = Buffer.from("NTLMSSP\0", "latin1");

export const NtlmFlags = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSION_SECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  N128: 0x20000000,
  N56: 0x80000000,
} as const;

const NEGOTIATE_FLAGS = NtlmFlags.UNICODE | NtlmFlags.OEM | NtlmFlags.REQUEST_TARGET | NtlmFlags.NTLM
  | NtlmFlags.ALWAYS_SIGN | NtlmFlags.EXTENDED_SESSION_SECURITY | NtlmFlags.N128 | NtlmFlags.N56;

/** AV_PAIR ids (MS-NLMP §2.2.2.1) the client reads. */
const AV_EOL = 0x0000;
const AV_TIMESTAMP = 0x0007;

/** NEGOTIATE_MESSAGE (type 1): flags only, no domain or workstation. */
export function negotiateMessage(): Buffer {
  const message = Buffer.alloc(32);
  SIGNATURE.copy(message, 0);
  message.writeUInt32LE(1, 8);
  message.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12);
  // Empty domain and workstation security buffers, pointing past the header.
  message.writeUInt32LE(32, 20);
  message.writeUInt32LE(32, 28);
  return message;
}

export interface NtlmChallenge {
  flags: number;
  serverChallenge: Buffer;
  targetInfo: Buffer;
  /** The server's MsvAvTimestamp (FILETIME), when it sent one. */
  timestamp?: Buffer;
}

/** Reads a CHALLENGE_MESSAGE (type 2). */
export function parseChallengeMessage(message: Buffer): NtlmChallenge {
  if (message.length < 32 || !message.subarray(0, 8).equals(SIGNATURE) || message.readUInt32LE(8) !== 2) {
    throw hostError("BROKER_HTTP_FAILED", "the target's NTLM challenge is not a CHALLENGE_MESSAGE");
  }
  const flags = message.readUInt32LE(20);
  const serverChallenge = Buffer.from(message.subarray(24, 32));
  let targetInfo = Buffer.alloc(0);
  if (message.length >= 48) {
    const length = message.readUInt16LE(40);
    const offset = message.readUInt32LE(44);
    if (offset + length > message.length) throw hostError("BROKER_HTTP_FAILED", "the target's NTLM challenge is truncated");
    targetInfo = Buffer.from(message.subarray(offset, offset + length));
  }
  const timestamp = findAvPair(targetInfo, AV_TIMESTAMP);
  return { flags, serverChallenge, targetInfo, ...(timestamp ? { timestamp } : {}) };
}

function findAvPair(targetInfo: Buffer, id: number): Buffer | undefined {
  for (let offset = 0; offset + 4 <= targetInfo.length;) {
    const avId = targetInfo.readUInt16LE(offset);
    const length = targetInfo.readUInt16LE(offset + 2);
    if (avId === AV_EOL) return undefined;
    if (avId === id) return Buffer.from(targetInfo.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return undefined;
}

const utf16 = (text: string) => Buffer.from(text, "utf16le");
const hmacMd5 = (key: Buffer, ...parts: Buffer[]) => {
  const hmac = createHmac("md5", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
};

/** NTOWFv1, the NT hash: MD4(UNICODE(password)). */
export function ntHash(password: string): Buffer {
  return md4(utf16(password));
}

/** NTOWFv2 (MS-NLMP §3.3.2): HMAC_MD5(NT hash, UNICODE(Uppercase(user) + domain)). */
export function ntowfV2(password: string, username: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), utf16(username.toUpperCase() + domain));
}

export interface NtlmV2Responses {
  ntProofStr: Buffer;
  ntChallengeResponse: Buffer;
  lmChallengeResponse: Buffer;
  sessionBaseKey: Buffer;
}

/** The NTLMv2 and LMv2 responses (MS-NLMP §3.3.2) to one challenge. */
export function ntlmV2Responses(input: {
  ntowf: Buffer; serverChallenge: Buffer; clientChallenge: Buffer; timestamp: Buffer; targetInfo: Buffer;
}): NtlmV2Responses {
  const { ntowf, serverChallenge, clientChallenge, timestamp, targetInfo } = input;
  // temp = Responserversion, HiResponserversion, Z(6), Time, ClientChallenge, Z(4), ServerName (AV pairs), Z(4)
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), timestamp, clientChallenge, Buffer.alloc(4), targetInfo, Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(ntowf, serverChallenge, temp);
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: Buffer.concat([hmacMd5(ntowf, serverChallenge, clientChallenge), clientChallenge]),
    sessionBaseKey: hmacMd5(ntowf, ntProofStr),
  };
}

/** Windows FILETIME (100 ns ticks since 1601) of a Unix time in ms, little-endian. */
export function fileTime(unixMs: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE((BigInt(Math.floor(unixMs)) + 11_644_473_600_000n) * 10_000n);
  return buffer;
}

export interface NtlmCredentials {
  username: string;
  password: string;
  domain: string;
  workstation?: string;
}

/**
 * AUTHENTICATE_MESSAGE (type 3) answering `challenge` with NTLMv2. `nowMs`,
 * `clientChallenge` are parameters so that tests can reproduce the spec's vectors.
 */
export function authenticateMessage(challenge: NtlmChallenge, credentials: NtlmCredentials, options: { nowMs?: number; clientChallenge?: Buffer } = {}): Buffer {
  const clientChallenge = options.clientChallenge ?? randomBytes(8);
  const timestamp = challenge.timestamp ?? fileTime(options.nowMs ?? Date.now());
  const responses = ntlmV2Responses({
    ntowf: ntowfV2(credentials.password, credentials.username, credentials.domain),
    serverChallenge: challenge.serverChallenge, clientChallenge, timestamp, targetInfo: challenge.targetInfo,
  });
  // With a server timestamp the LMv2 response SHOULD be Z(24) (MS-NLMP §3.1.5.1.2).
  const lm = challenge.timestamp ? Buffer.alloc(24) : responses.lmChallengeResponse;
  const fields = [lm, responses.ntChallengeResponse, utf16(credentials.domain), utf16(credentials.username),
    utf16(credentials.workstation ?? ""), Buffer.alloc(0)];
  const flags = (challenge.flags & NEGOTIATE_FLAGS) | NtlmFlags.UNICODE | NtlmFlags.NTLM;
  const header = Buffer.alloc(64);
  SIGNATURE.copy(header, 0);
  header.writeUInt32LE(3, 8);
  let offset = header.length;
  fields.forEach((field, i) => {
    const at = 12 + i * 8;
    header.writeUInt16LE(field.length, at);
    header.writeUInt16LE(field.length, at + 2);
    header.writeUInt32LE(offset, at + 4);
    offset += field.length;
  });
  header.writeUInt32LE(flags >>> 0, 60);
  return Buffer.concat([header, ...fields]);
}

/** Splits `DOMAIN\user`; a UPN (`user@domain`) is sent whole with an empty domain, as Windows does. */
export function splitNtlmUser(username: string, domain?: string): { username: string; domain: string } {
  const backslash = username.indexOf("\\");
  if (backslash > 0 && domain === undefined) return { domain: username.slice(0, backslash), username: username.slice(backslash + 1) };
  return { username, domain: domain ?? "" };
}
