// The hostile-package corpus: every zip is built at test time, each must be refused
// with its own code, and the verifier must not write a byte to disk while refusing it.
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { verifyPackage, type VerifyOptions } from "./verify.ts";
import { listFileHashes, withSignature } from "./sign.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, parseSignedFileList } from "./signed-file-list.ts";
import { writePackageZip } from "./zip/write-zip.ts";
import { craftZip, unixAttributes, UNIX_MODE, type CraftedEntry } from "./test-support/craft-zip.ts";
import { withForgedList, zipWithExtraEntries } from "./test-support/forge.ts";
import { sampleFiles, signedZip, testPublisher } from "./test-support/sample-package.ts";

const acme = testPublisher(["acme."]);
const stranger = testPublisher(["acme."]);
const workDir = mkdtempSync(join(tmpdir(), "oc-hostile-"));
const escapeName = `oc-escape-${basename(workDir)}.txt`;
const originalCwd = process.cwd();
const codesSeen = new Set<string>();
/** Codes of `oc-addon build`/`test` and defineAddon, which the verifier never raises. */
const BUILD_TIME_CODES = new Set<string>(["ADDON_DEFINITION_INVALID", "ADDON_LOAD_FAILED", "ADDON_NODE_BUILTIN", "ADDON_BUILD_FAILED"]);

before(() => process.chdir(workDir));
after(() => {
  process.chdir(originalCwd);
  rmSync(workDir, { recursive: true, force: true });
  // Every failure the verifier knows was produced by this corpus, each under its own code.
  const verifierCodes = Object.values(SdkErrorCodes).filter((code) => code.startsWith("ADDON_") && !BUILD_TIME_CODES.has(code));
  assert.deepEqual([...codesSeen].sort(), verifierCodes.sort());
});
afterEach(() => {
  assert.deepEqual(readdirSync(workDir), [], "the verifier wrote into the working directory");
  assert.equal(existsSync(join(workDir, "..", escapeName)), false, "the verifier wrote outside the working directory");
  assert.equal(existsSync(join("/tmp", escapeName)), false);
});

function refused(zip: Buffer, code: string, options: Partial<VerifyOptions> = {}, messagePart?: string): void {
  assert.throws(() => verifyPackage(zip, { trust: [acme.entry], ...options }), (error) => {
    assert.ok(OcError.is(error), `not an OcError: ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (messagePart) assert.ok(error.message.includes(messagePart), error.message);
    return true;
  });
  codesSeen.add(code);
}

/** A validly signed package's files as crafted entries, plus the hostile ones. */
function signedEntriesPlus(...hostile: CraftedEntry[]): Buffer {
  return zipWithExtraEntries(withSignature(sampleFiles(), acme.privateKeyPem), ...hostile);
}

test("control: the untouched signed package verifies", () => {
  assert.equal(verifyPackage(signedZip(sampleFiles(), acme), { trust: [acme.entry] }).manifest.id, "acme.ups");
});

test("zip-slip: a .. entry is ADDON_PATH_TRAVERSAL", () => {
  refused(signedEntriesPlus({ name: `../${escapeName}`, data: "pwned" }), "ADDON_PATH_TRAVERSAL");
  refused(signedEntriesPlus({ name: `assets/../../${escapeName}`, data: "pwned" }), "ADDON_PATH_TRAVERSAL");
  refused(signedEntriesPlus({ name: `assets\\..\\..\\${escapeName}`, data: "pwned" }), "ADDON_PATH_TRAVERSAL");
});

test("absolute paths are ADDON_PATH_ABSOLUTE", () => {
  refused(signedEntriesPlus({ name: `/tmp/${escapeName}`, data: "pwned" }), "ADDON_PATH_ABSOLUTE");
  refused(signedEntriesPlus({ name: "C:/Windows/evil.dll", data: "pwned" }), "ADDON_PATH_ABSOLUTE");
  refused(signedEntriesPlus({ name: "\\\\server\\share\\evil", data: "pwned" }), "ADDON_PATH_ABSOLUTE");
});

test("non-canonical names are ADDON_PATH_INVALID", () => {
  refused(signedEntriesPlus({ name: "assets/./icon2.svg", data: "x" }), "ADDON_PATH_INVALID");
  refused(signedEntriesPlus({ name: "assets//icon2.svg", data: "x" }), "ADDON_PATH_INVALID");
  refused(signedEntriesPlus({ name: "assets/icon\u0000.svg", data: "x" }), "ADDON_PATH_INVALID");
});

test("symlinks, hard-link-style and special entries are ADDON_LINK_ENTRY", () => {
  refused(signedEntriesPlus({ name: "assets/passwd", data: "/etc/passwd", externalAttributes: unixAttributes(UNIX_MODE.symlink) }), "ADDON_LINK_ENTRY", {}, "symbolic link");
  refused(signedEntriesPlus({ name: "assets/fifo", externalAttributes: unixAttributes(UNIX_MODE.fifo) }), "ADDON_LINK_ENTRY");
  refused(signedEntriesPlus({ name: "assets/disk", externalAttributes: unixAttributes(UNIX_MODE.blockDevice) }), "ADDON_LINK_ENTRY");
  // A Windows reparse point (junction or symlink), made by an NTFS host.
  refused(signedEntriesPlus({ name: "assets/junction", versionMadeBy: 0x0a14, externalAttributes: 0x400 }), "ADDON_LINK_ENTRY");
});

test("duplicate entries, also case-folded, Unicode-normalized or file-vs-folder, are ADDON_DUPLICATE_ENTRY", () => {
  const evilManifest = JSON.stringify({ id: "acme.ups", evil: true });
  refused(signedEntriesPlus({ name: "manifest.json", data: evilManifest }), "ADDON_DUPLICATE_ENTRY", {}, "appears twice");
  refused(signedEntriesPlus({ name: "Manifest.JSON", data: evilManifest }), "ADDON_DUPLICATE_ENTRY", {}, "case-insensitive");
  refused(craftZip([{ name: "assets/caf\u00e9.txt", data: "a" }, { name: "assets/cafe\u0301.txt", data: "b" }]), "ADDON_DUPLICATE_ENTRY");
  refused(craftZip([{ name: "assets/icon", data: "a" }, { name: "assets/icon/x.svg", data: "b" }]), "ADDON_DUPLICATE_ENTRY", {}, "both a file and a folder");
});

test("a compression-ratio bomb is ADDON_ZIP_BOMB before anything is inflated", () => {
  const zeros = Buffer.alloc(16 * 1024 * 1024);
  refused(signedEntriesPlus({ name: "assets/zeros.bin", data: zeros }), "ADDON_ZIP_BOMB", {}, "ratio");
});

test("an entry that inflates past its declared size is ADDON_ZIP_BOMB, stopped while inflating", () => {
  const zeros = Buffer.alloc(60 * 1024);
  refused(signedEntriesPlus({ name: "assets/liar.bin", data: zeros, declaredUncompressedSize: 100 }), "ADDON_ZIP_BOMB", {}, "past its declared");
});

test("overlapping entries (one compressed stream read many times) are ADDON_ZIP_BOMB", () => {
  refused(craftZip([
    { name: "a.txt", data: "x".repeat(1000) },
    { name: "b.txt", data: "x".repeat(1000), sharesDataWith: 0 },
  ]), "ADDON_ZIP_BOMB", {}, "overlap");
});

test("too many entries is ADDON_TOO_MANY_ENTRIES, too many bytes ADDON_TOO_LARGE", () => {
  const many = Array.from({ length: 11 }, (_, i) => ({ name: `assets/${i}.txt`, data: "x" }));
  refused(craftZip(many), "ADDON_TOO_MANY_ENTRIES", { limits: { maxEntries: 10 } });
  const big = Array.from({ length: 3 }, (_, i) => ({ name: `assets/${i}.bin`, data: Buffer.alloc(40_000, i + 1) }));
  refused(craftZip(big), "ADDON_TOO_LARGE", { limits: { maxTotalBytes: 100_000 } }, "declares more than");
  refused(craftZip(big), "ADDON_TOO_LARGE", { limits: { maxFileBytes: 30_000 } }, "file limit");
});

test("unreadable zips are ADDON_ZIP_INVALID", () => {
  refused(Buffer.from("this is not a zip at all, just some text that is long enough"), "ADDON_ZIP_INVALID");
  const good = signedZip(sampleFiles(), acme);
  refused(good.subarray(0, good.length - 30), "ADDON_ZIP_INVALID");
  const corrupt = craftZip([{ name: "a.txt", data: "hello hello hello", method: 0 }]);
  const contentAt = 30 + "a.txt".length;
  corrupt[contentAt] = corrupt[contentAt]! ^ 0xff; // flip a content byte: the CRC no longer matches
  refused(corrupt, "ADDON_ZIP_INVALID", {}, "CRC");
  refused(craftZip([{ name: "a.txt", data: "x", localName: "b.txt" }]), "ADDON_ZIP_INVALID", {}, "local header");
});

test("a package without a signature is ADDON_SIGNATURE_MISSING", () => {
  refused(writePackageZip(sampleFiles()), "ADDON_SIGNATURE_MISSING");
  const noSig = withSignature(sampleFiles(), acme.privateKeyPem);
  noSig.delete(SIGNATURE_PATH);
  refused(writePackageZip(noSig), "ADDON_SIGNATURE_MISSING", {}, "files.json.sig");
});

test("a file changed after signing is ADDON_FILE_TAMPERED", () => {
  const files = withSignature(sampleFiles(), acme.privateKeyPem);
  files.set("backend/index.js", Buffer.from("globalThis.steal = true;"));
  refused(writePackageZip(files), "ADDON_FILE_TAMPERED", {}, "backend/index.js");
});

test("a file added after signing is ADDON_FILE_EXTRA, also under SIGNATURE/", () => {
  const files = withSignature(sampleFiles(), acme.privateKeyPem);
  refused(writePackageZip(new Map([...files, ["backend/extra.js", Buffer.from("x")]])), "ADDON_FILE_EXTRA", {}, "backend/extra.js");
  refused(writePackageZip(new Map([...files, ["SIGNATURE/notes.txt", Buffer.from("x")]])), "ADDON_FILE_EXTRA", {}, "SIGNATURE/notes.txt");
});

test("a signed file removed from the package is ADDON_FILE_MISSING", () => {
  const files = withSignature(sampleFiles(), acme.privateKeyPem);
  files.delete("assets/icon.svg");
  refused(writePackageZip(files), "ADDON_FILE_MISSING", {}, "assets/icon.svg");
});

test("a key outside the trust store is ADDON_KEY_UNKNOWN; a forged or broken signature ADDON_SIGNATURE_INVALID", () => {
  refused(signedZip(sampleFiles(), stranger), "ADDON_KEY_UNKNOWN");
  // The stranger signs a list that claims acme's key id.
  const signed = withSignature(sampleFiles(), acme.privateKeyPem);
  const forged = withForgedList(signed, JSON.parse(signed.get(SIGNED_FILE_LIST_PATH)!.toString()), stranger.privateKeyPem);
  refused(writePackageZip(forged), "ADDON_SIGNATURE_INVALID", {}, "does not match");
  // files.json edited after signing (a file added to the list).
  const edited = withSignature(sampleFiles(), acme.privateKeyPem);
  const list = parseSignedFileList(edited.get(SIGNED_FILE_LIST_PATH)!);
  edited.set(SIGNED_FILE_LIST_PATH, Buffer.from(JSON.stringify({ ...list, signedAt: "2030-01-01T00:00:00.000Z" }, null, 2) + "\n"));
  refused(writePackageZip(edited), "ADDON_SIGNATURE_INVALID");
  const garbage = withSignature(sampleFiles(), acme.privateKeyPem);
  garbage.set(SIGNATURE_PATH, Buffer.from("not base64!"));
  refused(writePackageZip(garbage), "ADDON_SIGNATURE_INVALID");
});

test("a trusted key signing outside its publisher prefix is ADDON_KEY_NOT_ALLOWED", () => {
  const other = testPublisher(["other."]);
  refused(signedZip(sampleFiles(), other), "ADDON_KEY_NOT_ALLOWED", { trust: [other.entry] }, "acme.ups");
  // Prefixes match at a label boundary: "acme" does not cover "acmecorp.ups".
  const acmeOnly = testPublisher(["acme"]);
  refused(signedZip(sampleFiles({ id: "acmecorp.ups" }), acmeOnly), "ADDON_KEY_NOT_ALLOWED", { trust: [acmeOnly.entry] });
});

test("a revoked key is ADDON_KEY_REVOKED, from the entry or the revocation list", () => {
  const zip = signedZip(sampleFiles(), acme);
  refused(zip, "ADDON_KEY_REVOKED", { trust: [{ ...acme.entry, revoked: true }] });
  refused(zip, "ADDON_KEY_REVOKED", { revokedKeyIds: [acme.keyId] });
});

test("an older version than the installed one is ADDON_DOWNGRADE unless forced", () => {
  const zip = signedZip(sampleFiles({ version: "1.2.0" }), acme);
  refused(zip, "ADDON_DOWNGRADE", { installed: { id: "acme.ups", version: "1.10.0" } }, "1.10.0");
  assert.equal(verifyPackage(zip, { trust: [acme.entry], installed: { id: "acme.ups", version: "1.10.0" }, allowDowngrade: true }).manifest.version, "1.2.0");
});

test("an invalid manifest is ADDON_MANIFEST_INVALID naming the field; no manifest is ADDON_MANIFEST_MISSING", () => {
  const badRuntime = sampleFiles({ runtime: "root" });
  refused(writePackageZip(withForgedList(badRuntime, {
    id: "acme.ups", version: "1.2.0", keyId: acme.keyId, signedAt: "2026-01-01T00:00:00.000Z", files: listFileHashes(badRuntime),
  }, acme.privateKeyPem)), "ADDON_MANIFEST_INVALID", {}, "/runtime");
  const files = sampleFiles();
  files.set("manifest.json", Buffer.from("{ not json"));
  refused(writePackageZip(withForgedList(files, {
    id: "acme.ups", version: "1.2.0", keyId: acme.keyId, signedAt: "2026-01-01T00:00:00.000Z",
    files: listFileHashes(files),
  }, acme.privateKeyPem)), "ADDON_MANIFEST_INVALID", {}, "not valid JSON");
  const noManifest = sampleFiles();
  noManifest.delete("manifest.json");
  refused(writePackageZip(withForgedList(noManifest, {
    id: "acme.ups", version: "1.2.0", keyId: acme.keyId, signedAt: "2026-01-01T00:00:00.000Z", files: listFileHashes(noManifest),
  }, acme.privateKeyPem)), "ADDON_MANIFEST_MISSING");
});

test("a manifest whose id or version differs from the signed one is ADDON_ID_MISMATCH", () => {
  // Correctly signed hashes, but the list says acme.ups while the manifest says acme.other.
  const files = sampleFiles({ id: "acme.other" });
  refused(writePackageZip(withForgedList(files, {
    id: "acme.ups", version: "1.2.0", keyId: acme.keyId, signedAt: "2026-01-01T00:00:00.000Z", files: listFileHashes(files),
  }, acme.privateKeyPem)), "ADDON_ID_MISMATCH", {}, "acme.other");
  const older = sampleFiles({ version: "0.9.0" });
  refused(writePackageZip(withForgedList(older, {
    id: "acme.ups", version: "1.2.0", keyId: acme.keyId, signedAt: "2026-01-01T00:00:00.000Z", files: listFileHashes(older),
  }, acme.privateKeyPem)), "ADDON_ID_MISMATCH", {}, "0.9.0");
});

test("a migration that touches a core table is ADDON_MIGRATION_FORBIDDEN", () => {
  const files = sampleFiles();
  files.set("migrations/002_evil.sql", Buffer.from("CREATE TABLE mine (x);\nUPDATE users SET role = 'admin';\n"));
  refused(signedZip(files, acme), "ADDON_MIGRATION_FORBIDDEN", {}, "users");
  const attach = sampleFiles();
  attach.set("migrations/002_attach.sql", Buffer.from("ATTACH DATABASE 'data/core.db' AS core;"));
  refused(signedZip(attach, acme), "ADDON_MIGRATION_FORBIDDEN", {}, "ATTACH");
});

test("a host outside the core range is ADDON_CORE_INCOMPATIBLE; worker for community is ADDON_RUNTIME_NOT_ALLOWED", () => {
  refused(signedZip(sampleFiles({ core: "^2.0.0" }), acme), "ADDON_CORE_INCOMPATIBLE", {}, "^2.0.0");
  refused(signedZip(sampleFiles({ runtime: "worker" }), acme), "ADDON_RUNTIME_NOT_ALLOWED", {}, "community");
});

test("a broken seed is ADDON_SEED_INVALID; a package without backend/index.js ADDON_BACKEND_MISSING", () => {
  const seed = sampleFiles();
  seed.set("seed/mappings.json", Buffer.from(JSON.stringify({ severity: [{ alert_type: "x", severity: "apocalyptic" }] })));
  refused(signedZip(seed, acme), "ADDON_SEED_INVALID", {}, "/severity/0/severity");
  const noBackend = sampleFiles();
  noBackend.delete("backend/index.js");
  refused(signedZip(noBackend, acme), "ADDON_BACKEND_MISSING");
});

