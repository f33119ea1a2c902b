import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTrustEntry, generateSigningKeyPair } from "@opsconductor/sdk/node";
import { TrustStore } from "./trust-store.ts";

const entry = (prefixes = ["acme."]) => createTrustEntry(generateSigningKeyPair().publicKeyPem, { publisher: "Acme", idPrefixes: prefixes, level: "community" });
const store = () => new TrustStore(join(mkdtempSync(join(tmpdir(), "oc-trust-")), "trust.json"));

test("an absent store is empty; add writes a JSON array of checked entries", () => {
  const trust = store();
  assert.deepEqual(trust.list(), []);
  const added = trust.add(entry());
  assert.deepEqual(JSON.parse(readFileSync(trust.file, "utf8")), [added]);
  assert.deepEqual(trust.find(added.keyId), added);
});

test("a key can be added once; a revoked key stays listed and cannot be added again", () => {
  const trust = store();
  const key = trust.add(entry());
  assert.throws(() => trust.add(key), { code: "TRUST_KEY_EXISTS" });
  assert.equal(trust.revoke(key.keyId).revoked, true);
  assert.equal(trust.list()[0]!.revoked, true);
  assert.throws(() => trust.add({ ...key, revoked: false }), { code: "TRUST_KEY_REVOKED" });
  assert.equal(trust.ensure(key), false, "ensure does not revive it either");
  assert.throws(() => trust.revoke("0000000000000000"), { code: "TRUST_KEY_NOT_FOUND" });
});

test("ensure adds only what is missing (the daemon's core key at every start)", () => {
  const trust = store();
  const core = entry(["opsconductor."]);
  assert.equal(trust.ensure(core), true);
  assert.equal(trust.ensure(core), false);
  assert.equal(trust.list().length, 1);
});

test("a broken store is TRUST_STORE_INVALID, also an entry whose keyId is not its key's", () => {
  const trust = store();
  writeFileSync(trust.file, "{not json");
  assert.throws(() => trust.list(), { code: "TRUST_STORE_INVALID" });
  writeFileSync(trust.file, JSON.stringify({ keys: [] }));
  assert.throws(() => trust.list(), { code: "TRUST_STORE_INVALID" });
  writeFileSync(trust.file, JSON.stringify([{ ...entry(), keyId: "0123456789abcdef" }]));
  assert.throws(() => trust.list(), { code: "TRUST_STORE_INVALID" });
});

test("an entry stored with a private key (the old trust add bug) is read as its public half and the file rewritten without the secret", () => {
  const trust = store();
  const pair = generateSigningKeyPair();
  const good = entry();
  const leaked = { ...createTrustEntry(pair.publicKeyPem, { publisher: "Leaky", idPrefixes: ["leaky."], level: "community" }), publicKey: pair.privateKeyPem };
  writeFileSync(trust.file, JSON.stringify([good, leaked]));
  const listed = trust.list();
  assert.deepEqual(listed.map((e) => [e.keyId, e.publicKey]), [[good.keyId, good.publicKey], [leaked.keyId, pair.publicKeyPem]]);
  const onDisk = readFileSync(trust.file, "utf8");
  assert.doesNotMatch(onDisk, /PRIVATE KEY/);
  assert.equal(JSON.parse(onDisk)[1].publicKey, pair.publicKeyPem);
});
