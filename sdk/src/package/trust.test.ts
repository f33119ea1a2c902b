import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTrustEntry, createTrustEntry, isIdPrefix, keyMaySign } from "./trust.ts";
import { generateSigningKeyPair } from "./keys.ts";
import { OcError } from "../errors/oc-error.ts";

test("keyMaySign matches prefixes at label boundaries, and * matches any id", () => {
  assert.equal(keyMaySign(["opsconductor."], "opsconductor.prtg"), true);
  assert.equal(keyMaySign(["opsconductor"], "opsconductor.prtg"), true);
  assert.equal(keyMaySign(["acme"], "acme"), true);
  assert.equal(keyMaySign(["acme"], "acmecorp.ups"), false);
  assert.equal(keyMaySign(["acme."], "acme"), false);
  assert.equal(keyMaySign(["acme.ups"], "acme.ups-snmp"), false);
  assert.equal(keyMaySign(["evil.", "acme."], "acme.ups"), true);
  assert.equal(keyMaySign(["*"], "anything.at-all"), true);
});

test("a trust entry's keyId must be its public key's", () => {
  const a = generateSigningKeyPair();
  const b = generateSigningKeyPair();
  const entry = createTrustEntry(a.publicKeyPem, { publisher: "A", idPrefixes: ["a."], level: "community" });
  assert.equal(entry.keyId, a.keyId);
  assert.throws(() => checkTrustEntry({ ...entry, publicKey: b.publicKeyPem }), (e) => OcError.is(e, "TRUST_ENTRY_INVALID"));
  assert.throws(() => checkTrustEntry({ ...entry, level: "god" }), (e) => OcError.is(e, "TRUST_ENTRY_INVALID") && e.message.includes("/level"));
});

test("isIdPrefix: * or an addon id's leading labels, with or without the dot", () => {
  for (const prefix of ["*", "acme", "acme.", "acme.ups", "acme.ups-snmp", "a1.b-2."]) assert.equal(isIdPrefix(prefix), true, prefix);
  for (const prefix of ["", "ACME", "ACME!", ".acme", "acme..", "1acme", `${"a".repeat(64)}.`, "acme/ups"]) assert.equal(isIdPrefix(prefix), false, prefix);
});
