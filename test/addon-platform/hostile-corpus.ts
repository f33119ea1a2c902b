// Test support: the hostile-package corpus of sdk/src/package/hostile.test.ts, rebuilt around a real,
// installable package (the host's probe addon) so that each case can go through POST /addons/install,
// with the SDK's own forging helpers (sdk/src/package/test-support).
import {
  DEFAULT_PACKAGE_LIMITS, listFileHashes, readZipSafely, SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, withSignature, writePackageZip,
} from "@opsconductor/sdk/node";
import { UNIX_MODE, unixAttributes, type CraftedEntry } from "../../sdk/src/package/test-support/craft-zip.ts";
import { withForgedList, zipWithExtraEntries } from "../../sdk/src/package/test-support/forge.ts";

/** A signed package and the key that signed it. */
export interface SignedBase {
  /** The signed zip, as `oc-addon pack` wrote it. */
  zip: Buffer;
  /** The PKCS#8 PEM of the key that signed it. */
  privateKeyPem: string;
}

export interface HostileCase {
  name: string;
  zip: Buffer;
  status: number;
  code: string;
  /** What the error's message must say, where the code alone does not tell the case apart. */
  message?: RegExp;
  /** A package to install before this one (a downgrade needs a newer version installed). */
  installedFirst?: Buffer;
}

/** The files of `zip` (signature included). */
export function filesOf(zip: Buffer): Map<string, Buffer> {
  return new Map([...readZipSafely(zip, DEFAULT_PACKAGE_LIMITS)].map(([path, data]) => [path, Buffer.from(data)]));
}

/** The files without SIGNATURE/, i.e. what an author signs. */
export function unsignedFilesOf(zip: Buffer): Map<string, Buffer> {
  return new Map([...filesOf(zip)].filter(([path]) => !path.startsWith("SIGNATURE/")));
}

/** `files` with `manifest.json` changed by `edit`. */
export function editManifest(files: Map<string, Buffer>, edit: (manifest: Record<string, unknown>) => void): Map<string, Buffer> {
  const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8")) as Record<string, unknown>;
  edit(manifest);
  return new Map([...files, ["manifest.json", Buffer.from(JSON.stringify(manifest, null, 2))]]);
}

/** Signs `files` with `privateKeyPem` (oc-addon sign) and zips them (oc-addon pack). */
export function resign(files: Map<string, Buffer>, privateKeyPem: string): Buffer {
  return writePackageZip(withSignature(files, privateKeyPem));
}

/** A validly signed package's entries, plus the hostile ones, in one hand-written zip. */
function signedEntriesPlus(base: SignedBase, ...hostile: CraftedEntry[]): Buffer {
  return zipWithExtraEntries(filesOf(base.zip), ...hostile);
}

/** A package whose hand-written files.json is signed (the verifier, not the signer, is what checks its content). */
function signList(files: Map<string, Buffer>, list: unknown, privateKeyPem: string): Buffer {
  return writePackageZip(withForgedList(files, list, privateKeyPem));
}

/** The keys the corpus needs besides the trusted publisher's (each trusted, or not, by the caller as named). */
export interface CorpusKeys {
  /** A key that is in no trust store. */
  stranger: string;
  /** A trusted key whose prefixes do not cover the package's id. */
  otherPrefix: string;
  /** A key that is trusted, then revoked. */
  revoked: string;
}

/**
 * Every hostile package of the issue's list (and a few more), built from `base`, a signed, installable
 * package with a migration and a seed: each with the HTTP status and the stable code the install API
 * must answer. `signedId` is `base`'s id. The downgrade case comes with the newer version to install first.
 */
export function hostileCorpus(base: SignedBase, keys: CorpusKeys, signedId: string): HostileCase[] {
  const files = unsignedFilesOf(base.zip);
  const signedFiles = filesOf(base.zip);
  const { version } = JSON.parse(files.get("manifest.json")!.toString("utf8")) as { version: string };
  const escape = "oc-escape-api.txt";

  const tampered = new Map(signedFiles);
  tampered.set("backend/index.js", Buffer.concat([signedFiles.get("backend/index.js")!, Buffer.from("\nglobalThis.evil = true;\n")]));
  const missingFile = new Map(signedFiles);
  missingFile.delete("seed/mappings.json");
  const missingSig = new Map(signedFiles);
  missingSig.delete(SIGNATURE_PATH);
  // The stranger signs a list that claims the trusted publisher's key id.
  const forgedZip = signList(signedFiles, JSON.parse(signedFiles.get(SIGNED_FILE_LIST_PATH)!.toString("utf8")), keys.stranger);
  const withMigration = new Map(files);
  withMigration.set("migrations/900_evil.sql", Buffer.from("CREATE TABLE mine (x);\nUPDATE users SET role = 'admin';\n"));
  const badManifest = editManifest(files, (manifest) => { manifest.runtime = "root"; });
  const otherId = editManifest(files, (manifest) => { manifest.id = "acme.other"; });
  // A good schedule, then one whose minute the scheduler cannot run: once, the install was committed
  // before the scheduler refused it, and the good one's task leaked.
  const badCron = editManifest(files, (manifest) => {
    manifest.schedules = [{ name: "inventory", cron: "0 * * * *", job: "device_sync" }, { name: "late", cron: "61 * * * *", job: "device_sync" }];
  });
  // A config_schema whose $ref refers to itself: once it installed, and every connector then failed with INTERNAL.
  const loopingSchema = editManifest(files, (manifest) => {
    const schema = manifest.config_schema as Record<string, unknown>;
    manifest.config_schema = { ...schema, $ref: "#/$defs/loop", $defs: { loop: { $ref: "#/$defs/loop" } } };
  });
  const { keyId } = JSON.parse(signedFiles.get(SIGNED_FILE_LIST_PATH)!.toString("utf8")) as { keyId: string };
  /** A list that names the signed id and version, with the hashes of the (edited) files. */
  const listOf = (of: Map<string, Buffer>) => ({ id: signedId, version, keyId, signedAt: "2026-01-01T00:00:00.000Z", files: listFileHashes(of) });

  return [
    { name: "zip-slip", status: 400, code: "ADDON_PATH_TRAVERSAL", zip: signedEntriesPlus(base, { name: `../../${escape}`, data: "pwned" }) },
    { name: "symlink", status: 400, code: "ADDON_LINK_ENTRY",
      zip: signedEntriesPlus(base, { name: "assets/passwd", data: "/etc/passwd", externalAttributes: unixAttributes(UNIX_MODE.symlink) }) },
    { name: "absolute path", status: 400, code: "ADDON_PATH_ABSOLUTE", zip: signedEntriesPlus(base, { name: `/tmp/${escape}`, data: "pwned" }) },
    { name: "duplicate entry", status: 400, code: "ADDON_DUPLICATE_ENTRY",
      zip: signedEntriesPlus(base, { name: "manifest.json", data: JSON.stringify({ id: signedId, evil: true }) }) },
    { name: "zip bomb", status: 400, code: "ADDON_ZIP_BOMB", zip: signedEntriesPlus(base, { name: "assets/zeros.bin", data: Buffer.alloc(16 * 1024 * 1024) }) },
    { name: "not a zip", status: 400, code: "ADDON_ZIP_INVALID", zip: Buffer.from("certainly not a zip file, just some text") },
    { name: "tampered file", status: 400, code: "ADDON_FILE_TAMPERED", zip: writePackageZip(tampered) },
    { name: "extra file", status: 400, code: "ADDON_FILE_EXTRA", zip: writePackageZip(new Map([...signedFiles, ["backend/extra.js", Buffer.from("globalThis.x = 1;")]])) },
    { name: "missing file", status: 400, code: "ADDON_FILE_MISSING", zip: writePackageZip(missingFile) },
    { name: "missing signature (unsigned)", status: 400, code: "ADDON_SIGNATURE_MISSING", zip: writePackageZip(files) },
    { name: "missing signature (.sig removed)", status: 400, code: "ADDON_SIGNATURE_MISSING", zip: writePackageZip(missingSig) },
    { name: "wrong key (unknown)", status: 400, code: "ADDON_KEY_UNKNOWN", zip: resign(files, keys.stranger) },
    { name: "wrong key (forged signature)", status: 400, code: "ADDON_SIGNATURE_INVALID", zip: forgedZip },
    { name: "key not allowed for the prefix", status: 400, code: "ADDON_KEY_NOT_ALLOWED", zip: resign(files, keys.otherPrefix) },
    { name: "revoked key", status: 400, code: "ADDON_KEY_REVOKED", zip: resign(files, keys.revoked) },
    { name: "manifest invalid", status: 400, code: "ADDON_MANIFEST_INVALID", zip: signList(badManifest, listOf(badManifest), base.privateKeyPem) },
    { name: "manifest schedule cron out of range", status: 400, code: "ADDON_MANIFEST_INVALID", message: /\/schedules\/1\/cron .*minute "61"/, zip: signList(badCron, listOf(badCron), base.privateKeyPem) },
    { name: "manifest config_schema $ref loop", status: 400, code: "ADDON_MANIFEST_INVALID", message: /\/config_schema .*refers to itself/,
      zip: signList(loopingSchema, listOf(loopingSchema), base.privateKeyPem) },
    { name: "manifest id ≠ signed id", status: 400, code: "ADDON_ID_MISMATCH", zip: signList(otherId, listOf(otherId), base.privateKeyPem) },
    { name: "migration that touches a core table", status: 400, code: "ADDON_MIGRATION_FORBIDDEN", zip: resign(withMigration, base.privateKeyPem) },
    { name: "downgrade", status: 409, code: "ADDON_DOWNGRADE", zip: base.zip,
      installedFirst: resign(editManifest(files, (manifest) => { manifest.version = "2.0.0"; }), base.privateKeyPem) },
    { name: "worker runtime for a community key", status: 403, code: "ADDON_RUNTIME_NOT_ALLOWED",
      zip: resign(editManifest(files, (manifest) => { manifest.runtime = "worker"; }), base.privateKeyPem) },
  ];
}
