// The trust and addon verbs, run as an operator would (child processes), with the daemon stopped and running.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probePackage, testSigner } from "../addons/test-support/build-package.ts";
import { startDaemon } from "../daemon.ts";
import { runCli as runOcAddon } from "../../../sdk/src/cli/main.ts";
import { runCliProcess } from "./testing.ts";

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

test("trust add, list and revoke edit data/trust.json, which oc-addon verify --trust reads as is", async () => {
  const data = tempDir("oc-trust-");
  const signer = testSigner(["acme."]);
  const pub = join(tempDir("oc-pub-"), "acme.pub");
  writeFileSync(pub, signer.publicKeyPem);

  const added = await runCliProcess(["trust", "add", pub, "--prefix", "acme.", "--level", "community", "--publisher", "Acme", "--data", data]);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, new RegExp(`trusted key ${signer.entry.keyId} \\(Acme\\) at level community for acme\\.`));
  const again = await runCliProcess(["trust", "add", pub, "--prefix", "acme.", "--level", "community", "--data", data]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^TRUST_KEY_EXISTS: /);
  const badLevel = await runCliProcess(["trust", "add", pub, "--prefix", "acme.", "--level", "god", "--data", data]);
  assert.equal(badLevel.code, 2);
  const missing = await runCliProcess(["trust", "add", `${pub}.missing`, "--prefix", "acme.", "--level", "community", "--data", data]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^FILE_ACCESS_FAILED: no such file or directory, open '.*acme\.pub\.missing' \(ENOENT\)$/m);
  const badPrefix = await runCliProcess(["trust", "add", pub, "--prefix", "ACME!", "--level", "community", "--data", data]);
  assert.equal(badPrefix.code, 2);
  assert.match(badPrefix.stderr, /^CLI_USAGE: --prefix "ACME!" matches no addon id/);
  // The private key by mistake: refused, nothing stored (it would have sat in trust.json as the "public key").
  const secret = signer.keyFile;
  const trustBefore = readFileSync(join(data, "trust.json"), "utf8");
  const privateKey = await runCliProcess(["trust", "add", secret, "--prefix", "acme.", "--level", "community", "--data", data]);
  assert.equal(privateKey.code, 1);
  assert.match(privateKey.stderr, /^KEY_INVALID: this is a private key/);
  assert.equal(readFileSync(join(data, "trust.json"), "utf8"), trustBefore);

  const listed = await runCliProcess(["trust", "list", "--data", data]);
  assert.equal(listed.stdout, `${signer.entry.keyId}\tcommunity\tacme.\tAcme\n`);

  const zip = join(tempDir("oc-zip-"), "acme.probe-1.0.0.zip");
  writeFileSync(zip, await probePackage(signer));
  let out = "";
  const verified = await runOcAddon(["verify", zip, "--trust", join(data, "trust.json")], { cwd: data, out: (text) => (out += text), err: (text) => (out += text) });
  assert.equal(verified, 0, out);
  assert.match(out, /level: {5}community/);

  const revoked = await runCliProcess(["trust", "revoke", signer.entry.keyId, "--data", data]);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match((await runCliProcess(["trust", "list", "--data", data])).stdout, /\tREVOKED$/m);
  const readd = await runCliProcess(["trust", "add", pub, "--prefix", "acme.", "--level", "trusted", "--data", data]);
  assert.match(readd.stderr, /^TRUST_KEY_REVOKED: /, "a revoked key cannot come back quietly");
  assert.equal(JSON.parse(readFileSync(join(data, "trust.json"), "utf8"))[0].revoked, true);
  assert.match((await runCliProcess(["trust", "revoke", "0123456789abcdef", "--data", data])).stderr, /^TRUST_KEY_NOT_FOUND: /);
});

test("addon install works with the daemon stopped; the daemon loads it at start; while it runs, install points at the API", async () => {
  const data = tempDir("oc-addon-cli-");
  const signer = testSigner(["acme."]);
  const pub = join(tempDir("oc-pub-"), "acme.pub");
  writeFileSync(pub, signer.publicKeyPem);
  const zip = join(tempDir("oc-zip-"), "acme.probe-1.0.0.zip");
  writeFileSync(zip, await probePackage(signer));

  const untrusted = await runCliProcess(["addon", "install", zip, "--data", data]);
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stderr, /^opsconductor: no database at \S+ yet: created a new one/, "a data directory set up before the first start is said to be new");
  assert.match(untrusted.stderr, /^ADDON_KEY_UNKNOWN: .*; if you trust its publisher: .\/opsconductor trust add KEY.pub --prefix ID-PREFIX --level community$/m);
  assert.equal((await runCliProcess(["trust", "add", pub, "--prefix", "acme.", "--level", "community", "--data", data])).code, 0);
  const installed = await runCliProcess(["addon", "install", zip, "--data", data]);
  assert.equal(installed.code, 0, installed.stderr);
  assert.match(installed.stdout, /installed acme\.probe 1\.0\.0, community; the daemon loads it at its next start/);
  assert.equal((await runCliProcess(["addon", "list", "--data", data])).stdout, "acme.probe\t1.0.0\tcommunity\tinstalled\n");

  const daemon = await startDaemon({ port: 0, host: "127.0.0.1", dataDir: data, trapPort: 0, dev: false }, { log: () => {}, uiDir: null, builtinAddons: null });
  try {
    assert.equal(daemon.addons!.manager.get("acme.probe").status, "active", "re-verified and loaded at start");
    const running = await runCliProcess(["addon", "install", zip, "--data", data]);
    assert.equal(running.code, 1);
    assert.match(running.stderr, /^ADDON_DAEMON_RUNNING: the daemon \(pid \d+\) serves /);
    assert.match(running.stderr, new RegExp(`curl -X POST ${daemon.url}/api/v1/addons/install`));
    const listed = JSON.parse((await runCliProcess(["addon", "list", "--json", "--data", data])).stdout);
    assert.equal(listed[0].status, "active", "list reads the registry, also while the daemon runs");
  } finally {
    await daemon.close();
  }
  const afterStop = await runCliProcess(["addon", "install", zip, "--data", data]);
  assert.match(afterStop.stderr, /^ADDON_VERSION_INSTALLED: /, "the daemon's presence file went with it");
});
