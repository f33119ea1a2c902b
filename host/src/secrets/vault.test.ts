import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OcError } from "@opsconductor/sdk";
import { SecretVault } from "./vault.ts";

function keyFile(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "oc-vault-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "secret.key");
}

test("creates the key file with mode 0600 and round-trips secrets", (t) => {
  const file = keyFile(t);
  const vault = SecretVault.open(file);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const envelope = vault.encryptJson({ password: "hunter2hunter2" });
  assert.ok(!envelope.includes("hunter2"));
  assert.deepEqual(SecretVault.open(file).decryptJson(envelope), { password: "hunter2hunter2" });
});

test("the same plaintext encrypts differently each time (random IV)", (t) => {
  const vault = SecretVault.open(keyFile(t));
  assert.notEqual(vault.encrypt("x"), vault.encrypt("x"));
});

test("tampered ciphertext or a different key fails with SECRETS_DECRYPT_FAILED", (t) => {
  const vault = SecretVault.open(keyFile(t));
  const envelope = vault.encrypt("secret");
  const parts = envelope.split(".");
  parts[3] = Buffer.from("other").toString("base64url");
  assert.throws(() => vault.decrypt(parts.join(".")), (e: unknown) => OcError.is(e, "SECRETS_DECRYPT_FAILED"));
  assert.throws(() => SecretVault.open(keyFile(t)).decrypt(envelope), (e: unknown) => OcError.is(e, "SECRETS_DECRYPT_FAILED"));
  assert.throws(() => vault.decrypt("garbage"), (e: unknown) => OcError.is(e, "SECRETS_DECRYPT_FAILED"));
});

test("a key file of the wrong size is refused with SECRETS_KEY_INVALID", (t) => {
  const file = keyFile(t);
  writeFileSync(file, "c2hvcnQ=\n", { mode: 0o600 });
  assert.throws(() => SecretVault.open(file), (e: unknown) => OcError.is(e, "SECRETS_KEY_INVALID"));
});
