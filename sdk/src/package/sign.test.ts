import { test } from "node:test";
import assert from "node:assert/strict";
import { verify } from "node:crypto";
import { readPublicKey } from "./keys.ts";
import { listFileHashes, signPackageFiles, withSignature } from "./sign.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, parseSignedFileList } from "./signed-file-list.ts";
import { verifyPackage } from "./verify.ts";
import { writePackageZip } from "./zip/write-zip.ts";
import { sampleFiles, testPublisher } from "./test-support/sample-package.ts";
import { OcError } from "../errors/oc-error.ts";

test("signing lists every file but SIGNATURE/* with its sha256 and size, and signs the exact bytes", () => {
  const acme = testPublisher();
  const files = sampleFiles();
  files.set("SIGNATURE/old.txt", Buffer.from("stale"));
  const signature = signPackageFiles(files, acme.privateKeyPem, { signedAt: "2026-02-03T04:05:06.000Z" });
  const list = parseSignedFileList(signature.fileList);
  assert.equal(list.id, "acme.ups");
  assert.equal(list.version, "1.2.0");
  assert.equal(list.keyId, acme.keyId);
  assert.equal(list.signedAt, "2026-02-03T04:05:06.000Z");
  assert.deepEqual(Object.keys(list.files), ["assets/icon.svg", "backend/index.js", "manifest.json", "migrations/001_init.sql", "seed/mappings.json"]);
  assert.equal(list.files["manifest.json"]!.size, files.get("manifest.json")!.length);
  assert.deepEqual(list.files, listFileHashes(files));
  const raw = Buffer.from(signature.signature.toString().trim(), "base64");
  assert.equal(verify(null, signature.fileList, readPublicKey(acme.publicKeyPem), raw), true);
});

test("round trip: sign, zip, verify gives back the manifest, files and trust", () => {
  const acme = testPublisher(["acme."], "trusted");
  const signed = withSignature(sampleFiles(), acme.privateKeyPem, { signedAt: "2026-01-01T00:00:00.000Z" });
  const result = verifyPackage(writePackageZip(signed), { trust: [acme.entry] });
  assert.equal(result.manifest.id, "acme.ups");
  assert.deepEqual(result.trust, { level: "trusted", keyId: acme.keyId, publisher: "Acme", signedAt: "2026-01-01T00:00:00.000Z" });
  assert.deepEqual([...result.files.keys()].sort(), [...signed.keys()].sort());
  assert.deepEqual(result.files.get(SIGNED_FILE_LIST_PATH), signed.get(SIGNED_FILE_LIST_PATH));
  assert.ok(result.files.has(SIGNATURE_PATH));
  assert.deepEqual(result.warnings, []);
});

test("packing is reproducible: the same files give the same zip bytes", () => {
  const acme = testPublisher();
  const signed = withSignature(sampleFiles(), acme.privateKeyPem, { signedAt: "2026-01-01T00:00:00.000Z" });
  assert.deepEqual(writePackageZip(signed), writePackageZip(new Map([...signed].reverse())));
});

test("signing refuses a package without a valid manifest", () => {
  const acme = testPublisher();
  const files = sampleFiles({ category: "cloud" });
  assert.throws(() => signPackageFiles(files, acme.privateKeyPem), (e) => OcError.is(e, "ADDON_MANIFEST_INVALID") && e.message.includes("/category"));
  files.delete("manifest.json");
  assert.throws(() => signPackageFiles(files, acme.privateKeyPem), (e) => OcError.is(e, "ADDON_MANIFEST_MISSING"));
});
