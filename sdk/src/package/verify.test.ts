import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyPackage } from "./verify.ts";
import { writePackageZip } from "./zip/write-zip.ts";
import { sampleFiles, signedZip, testPublisher } from "./test-support/sample-package.ts";
import { OcError } from "../errors/oc-error.ts";
import { OPSCONDUCTOR_VERSION } from "../manifest/core-version.ts";
import { readFileSync } from "node:fs";

const acme = testPublisher(["acme."], "community");

test("dev mode accepts an unsigned package at level unsigned, with a warning", () => {
  const result = verifyPackage(writePackageZip(sampleFiles()), { trust: [], dev: true });
  assert.deepEqual(result.trust, { level: "unsigned" });
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0]!, /unsigned/);
});

test("dev mode still refuses what is signed wrongly, and worker for unsigned", () => {
  assert.throws(() => verifyPackage(signedZip(sampleFiles(), acme), { trust: [], dev: true }), (e) => OcError.is(e, "ADDON_KEY_UNKNOWN"));
  assert.throws(() => verifyPackage(writePackageZip(sampleFiles({ runtime: "worker" })), { trust: [], dev: true }),
    (e) => OcError.is(e, "ADDON_RUNTIME_NOT_ALLOWED"));
});

test("the worker runtime is allowed for trusted and core keys", () => {
  for (const level of ["trusted", "core"] as const) {
    const publisher = testPublisher(["acme."], level);
    const result = verifyPackage(signedZip(sampleFiles({ runtime: "worker" }), publisher), { trust: [publisher.entry] });
    assert.equal(result.manifest.runtime, "worker");
    assert.equal(result.trust.level, level);
  }
});

test("the core range is checked against hostVersion, defaulting to this SDK's version", () => {
  const zip = signedZip(sampleFiles({ core: ">=0.3.0 <1" }), acme);
  assert.throws(() => verifyPackage(zip, { trust: [acme.entry] }), (e) => OcError.is(e, "ADDON_CORE_INCOMPATIBLE"));
  assert.equal(verifyPackage(zip, { trust: [acme.entry], hostVersion: "0.4.2" }).manifest.core, ">=0.3.0 <1");
});

test("same-version reinstall and upgrades pass the downgrade check; other ids are not compared", () => {
  const zip = signedZip(sampleFiles({ version: "1.2.0" }), acme);
  verifyPackage(zip, { trust: [acme.entry], installed: { id: "acme.ups", version: "1.2.0" } });
  verifyPackage(zip, { trust: [acme.entry], installed: { id: "acme.ups", version: "1.2.0-rc.1" } });
  verifyPackage(zip, { trust: [acme.entry], installed: { id: "acme.other", version: "9.0.0" } });
});

test("a path is read from disk; a missing file is ADDON_ZIP_INVALID", () => {
  const dir = mkdtempSync(join(tmpdir(), "oc-verify-"));
  try {
    const path = join(dir, "acme.ups-1.2.0.zip");
    writeFileSync(path, signedZip(sampleFiles(), acme));
    assert.equal(verifyPackage(path, { trust: [acme.entry] }).manifest.id, "acme.ups");
    assert.throws(() => verifyPackage(join(dir, "nope.zip"), { trust: [acme.entry] }), (e) => OcError.is(e, "ADDON_ZIP_INVALID"));
    assert.throws(() => verifyPackage(path, { trust: [acme.entry], limits: { maxTotalBytes: 100 } }), (e) => OcError.is(e, "ADDON_TOO_LARGE"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("OPSCONDUCTOR_VERSION is the SDK package's version", () => {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  assert.equal(OPSCONDUCTOR_VERSION, pkg.version);
});
