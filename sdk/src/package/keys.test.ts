import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync } from "node:crypto";
import { generateSigningKeyPair, keyIdOf, readPrivateKey, readPublicKey } from "./keys.ts";
import { OcError } from "../errors/oc-error.ts";

test("a generated key pair is Ed25519 PEM, and keyId is the first 16 hex of sha256(raw public key)", () => {
  const pair = generateSigningKeyPair();
  assert.match(pair.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  const spki = readPublicKey(pair.publicKeyPem).export({ format: "der", type: "spki" });
  const raw = spki.subarray(spki.length - 32);
  assert.equal(pair.keyId, createHash("sha256").update(raw).digest("hex").slice(0, 16));
  assert.equal(keyIdOf(pair.publicKeyPem), pair.keyId);
  assert.equal(readPrivateKey(pair.privateKeyPem).asymmetricKeyType, "ed25519");
});

test("keys that are not Ed25519 PEM are KEY_INVALID", () => {
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
  assert.throws(() => readPublicKey(rsa.publicKey.export({ type: "spki", format: "pem" }).toString()), (e) => OcError.is(e, "KEY_INVALID"));
  assert.throws(() => readPrivateKey(rsa.privateKey.export({ type: "pkcs8", format: "pem" }).toString()), (e) => OcError.is(e, "KEY_INVALID"));
  assert.throws(() => readPublicKey("not a key"), (e) => OcError.is(e, "KEY_INVALID"));
});

test("a private key where a public key is expected is KEY_INVALID, never read as its public half", () => {
  const pair = generateSigningKeyPair();
  assert.throws(() => readPublicKey(pair.privateKeyPem), (e) => OcError.is(e, "KEY_INVALID") && /private key/.test(e.message));
  assert.throws(() => keyIdOf(pair.privateKeyPem), (e) => OcError.is(e, "KEY_INVALID"));
  const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  assert.throws(() => readPublicKey(rsa), (e) => OcError.is(e, "KEY_INVALID") && /private key/.test(e.message), "BEGIN RSA PRIVATE KEY too");
});
