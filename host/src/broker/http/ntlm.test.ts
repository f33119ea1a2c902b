import assert from "node:assert/strict";
import { test } from "node:test";
import { authenticateMessage, negotiateMessage, ntHash, ntlmV2Responses, ntowfV2, parseChallengeMessage, splitNtlmUser } from "./ntlm.ts";

// MS-NLMP §4.2.1 common values and §4.2.4 NTLMv2 authentication vectors.
const USER = "User";
const DOMAIN = "Domain";
const PASSWORD = "Password";
const SERVER_CHALLENGE = Buffer.from("0123456789abcdef", "hex");
const CLIENT_CHALLENGE = Buffer.alloc(8, 0xaa);
const TIME_ZERO = Buffer.alloc(8);
// §4.2.4.3 CHALLENGE_MESSAGE TargetInfo: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL.
const TARGET_INFO = Buffer.from("02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000", "hex");

test("the NT hash and NTOWFv2 match MS-NLMP §4.2.2.1.2 and §4.2.4.1.1", () => {
  assert.equal(ntHash(PASSWORD).toString("hex"), "a4f49c406510bdcab6824ee7c30fd852");
  assert.equal(ntowfV2(PASSWORD, USER, DOMAIN).toString("hex"), "0c868a403bfd7a93a3001ef22ef02e3f");
  // The user name is case-insensitive, the domain is not.
  assert.deepEqual(ntowfV2(PASSWORD, "USER", DOMAIN), ntowfV2(PASSWORD, USER, DOMAIN));
  assert.notDeepEqual(ntowfV2(PASSWORD, USER, "DOMAIN"), ntowfV2(PASSWORD, USER, DOMAIN));
});

test("NTLMv2 and LMv2 responses match MS-NLMP §4.2.4.2", () => {
  const responses = ntlmV2Responses({
    ntowf: ntowfV2(PASSWORD, USER, DOMAIN), serverChallenge: SERVER_CHALLENGE, clientChallenge: CLIENT_CHALLENGE,
    timestamp: TIME_ZERO, targetInfo: TARGET_INFO,
  });
  assert.equal(responses.ntProofStr.toString("hex"), "68cd0ab851e51c96aabc927bebef6a1c");
  assert.equal(responses.lmChallengeResponse.toString("hex"), "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  assert.equal(responses.sessionBaseKey.toString("hex"), "8de40ccadbc14a82f15cb0ad0de95ca3");
  assert.equal(responses.ntChallengeResponse.toString("hex"),
    "68cd0ab851e51c96aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa00000000"
    + "02000c0044006f006d00610069006e0001000c005300650072007600650072000000000000000000");
});

/** §4.2.4.3's CHALLENGE_MESSAGE layout, built field by field. */
function specChallenge(targetInfo = TARGET_INFO): Buffer {
  const targetName = Buffer.from("Server", "utf16le");
  const header = Buffer.alloc(48);
  header.write("NTLMSSP\0", 0, "latin1");
  header.writeUInt32LE(2, 8);
  header.writeUInt16LE(targetName.length, 12); header.writeUInt16LE(targetName.length, 14); header.writeUInt32LE(48, 16);
  header.writeUInt32LE(0xe28a8233, 20);
  SERVER_CHALLENGE.copy(header, 24);
  header.writeUInt16LE(targetInfo.length, 40); header.writeUInt16LE(targetInfo.length, 42); header.writeUInt32LE(48 + targetName.length, 44);
  return Buffer.concat([header, targetName, targetInfo]);
}

function field(message: Buffer, at: number): Buffer {
  const length = message.readUInt16LE(at);
  const offset = message.readUInt32LE(at + 4);
  return message.subarray(offset, offset + length);
}

test("the AUTHENTICATE_MESSAGE carries the spec's responses, user and domain at their offsets", () => {
  const challenge = parseChallengeMessage(specChallenge());
  assert.equal(challenge.serverChallenge.toString("hex"), "0123456789abcdef");
  assert.deepEqual(challenge.targetInfo, TARGET_INFO);
  const message = authenticateMessage(challenge, { username: USER, password: PASSWORD, domain: DOMAIN },
    { nowMs: Date.UTC(1601, 0, 1), clientChallenge: CLIENT_CHALLENGE });
  assert.equal(message.subarray(0, 8).toString("latin1"), "NTLMSSP\0");
  assert.equal(message.readUInt32LE(8), 3);
  assert.equal(field(message, 12).toString("hex"), "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
  assert.equal(field(message, 20).subarray(0, 16).toString("hex"), "68cd0ab851e51c96aabc927bebef6a1c");
  assert.equal(field(message, 28).toString("utf16le"), DOMAIN);
  assert.equal(field(message, 36).toString("utf16le"), USER);
  assert.ok(message.readUInt32LE(60) & 0x1, "UNICODE flag set");
});

test("with a server MsvAvTimestamp the client reuses it and sends Z(24) as LM response", () => {
  const serverTime = Buffer.from("0090d336b734c301", "hex");
  const withTimestamp = Buffer.concat([Buffer.from("07000800", "hex"), serverTime, TARGET_INFO]);
  const challenge = parseChallengeMessage(specChallenge(withTimestamp));
  assert.deepEqual(challenge.timestamp, serverTime);
  const message = authenticateMessage(challenge, { username: USER, password: PASSWORD, domain: DOMAIN }, { clientChallenge: CLIENT_CHALLENGE });
  assert.deepEqual(field(message, 12), Buffer.alloc(24));
  assert.deepEqual(field(message, 20).subarray(24, 32), serverTime);
});

test("the NEGOTIATE_MESSAGE asks for NTLM with Unicode and extended session security, and nothing is parsed from garbage", () => {
  const message = negotiateMessage();
  assert.equal(message.subarray(0, 8).toString("latin1"), "NTLMSSP\0");
  assert.equal(message.readUInt32LE(8), 1);
  const flags = message.readUInt32LE(12);
  assert.ok(flags & 0x00000001 && flags & 0x00000200 && flags & 0x00080000);
  assert.throws(() => parseChallengeMessage(message), { code: "BROKER_HTTP_FAILED" });
  assert.throws(() => parseChallengeMessage(Buffer.from("nonsense")), { code: "BROKER_HTTP_FAILED" });
});

test("DOMAIN\\user is split, a UPN is kept whole", () => {
  assert.deepEqual(splitNtlmUser("CORP\\alice"), { domain: "CORP", username: "alice" });
  assert.deepEqual(splitNtlmUser("alice@corp.example"), { domain: "", username: "alice@corp.example" });
  assert.deepEqual(splitNtlmUser("alice", "CORP"), { domain: "CORP", username: "alice" });
});
