// End-to-end: the real oc-addon binary, spawned in a temp folder, through an author's whole flow.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AdmZip from "adm-zip";
import { COMMANDS } from "./main.ts";

const BIN = fileURLToPath(new URL("../../bin/oc-addon.js", import.meta.url));
const ID = "acme.ups-snmp";
let root: string;
let addon: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function oc(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(run: Run): Run {
  assert.equal(run.status, 0, `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run;
}

function fails(run: Run, code: string, status = 1): Run {
  assert.equal(run.status, status, `exit ${run.status}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  assert.match(run.stderr, new RegExp(`^${code}: `, "m"), run.stderr);
  return run;
}

before(() => {
  root = mkdtempSync(join(tmpdir(), "oc-addon-cli-"));
  addon = join(root, ID);
});
after(() => rmSync(root, { recursive: true, force: true }));

test("--help works on every verb and lists them all", () => {
  const overview = ok(oc(root, "--help")).stdout;
  for (const command of COMMANDS) {
    assert.match(overview, new RegExp(`^  ${command.name} `, "m"));
    assert.match(ok(oc(root, command.name, "--help")).stdout, new RegExp(`^Usage: oc-addon ${command.name}`));
  }
});

test("usage errors exit 2 with CLI_USAGE", () => {
  assert.match(fails(oc(root), "CLI_USAGE", 2).stdout, /^  init /m, "no verb: the list, and the usage error said");
  fails(oc(root, "frobnicate"), "CLI_USAGE", 2);
  fails(oc(root, "init", ID), "CLI_USAGE", 2);
  fails(oc(root, "init", "NotAnId", "--category", "nms"), "CLI_USAGE", 2);
  const emptyName = fails(oc(root, "init", "acme.empty", "--category", "nms", "--name", ""), "CLI_USAGE", 2);
  assert.match(emptyName.stderr, /--name or --publisher: .*\/name must NOT have fewer than 1 characters/);
  fails(oc(root, "init", "acme.long", "--category", "nms", "--publisher", "p".repeat(500)), "CLI_USAGE", 2);
  assert.equal(existsSync(join(root, "acme.empty")), false, "nothing written");
  fails(oc(root, "keygen", "--out", "k", "--bogus"), "CLI_USAGE", 2);
  fails(oc(root, "sign"), "CLI_USAGE", 2);
  assert.match(fails(oc(root, "verify", "x.zip", "--prefix", "ACME!"), "CLI_USAGE", 2).stderr, /--prefix "ACME!" matches no addon id/);
});

test("keygen --force replaces a key pair whole or not at all; file errors are FILE_ACCESS_FAILED, not the OS code twice", () => {
  const dir = mkdtempSync(join(root, "keys-"));
  ok(oc(dir, "keygen", "--out", "k"));
  const before = [readFileSync(join(dir, "k.key"), "utf8"), readFileSync(join(dir, "k.pub"), "utf8")];
  mkdirSync(join(dir, "j.pub"));
  writeFileSync(join(dir, "j.key"), before[0]!);
  fails(oc(dir, "keygen", "--out", "j", "--force"), "CLI_EXISTS");
  assert.equal(readFileSync(join(dir, "j.key"), "utf8"), before[0], "the old key is kept when the pair cannot be replaced");
  chmodSync(join(dir, "k.key"), 0o644);
  ok(oc(dir, "keygen", "--out", "k", "--force"));
  assert.notEqual(readFileSync(join(dir, "k.key"), "utf8"), before[0]);
  assert.equal(statSync(join(dir, "k.key")).mode & 0o777, 0o600, "a replaced private key is 0600 again");
  assert.deepEqual(readdirSync(dir).sort(), ["j.key", "j.pub", "k.key", "k.pub"], "nothing left aside");
  const missing = fails(oc(dir, "keygen", "--out", "no-such-dir/k"), "FILE_ACCESS_FAILED");
  assert.match(missing.stderr, /^FILE_ACCESS_FAILED: no such file or directory, open '.*no-such-dir\/k\.key\.\d+\.tmp' \(ENOENT\)$/m);
});

test("a build that fails leaves the previous build as it was; one whose module is not an addon, or throws while loading, fails", () => {
  const parent = mkdtempSync(join(root, "rebuild-"));
  ok(oc(parent, "init", "acme.rebuild", "--category", "nms"));
  const dir = join(parent, "acme.rebuild");
  ok(oc(dir, "build"));
  const snapshot = () => readdirSync(join(dir, "build"), { recursive: true }).map(String).sort()
    .map((file) => [file, statSync(join(dir, "build", file)).isFile() ? readFileSync(join(dir, "build", file), "utf8") : "/"]);
  const built = snapshot();
  symlinkSync("/etc/passwd", join(dir, "assets", "link.svg"));
  fails(oc(dir, "build"), "ADDON_LINK_ENTRY");
  assert.deepEqual(snapshot(), built, "build/ untouched by the failed build");
  rmSync(join(dir, "assets", "link.svg"));
  const entry = readFileSync(join(dir, "src", "index.ts"), "utf8");
  writeFileSync(join(dir, "src", "index.ts"), "export default 42;\n");
  fails(oc(dir, "build"), "ADDON_DEFINITION_INVALID");
  writeFileSync(join(dir, "src", "index.ts"), `throw new Error("no config");\n${entry}`);
  const threw = fails(oc(dir, "build"), "ADDON_LOAD_FAILED");
  assert.match(threw.stderr, /^ADDON_LOAD_FAILED: src\/index\.ts threw while loading: no config$/m);
  assert.doesNotMatch(threw.stderr, /\n\s+at /, "no stack trace");
  assert.deepEqual(snapshot(), built);
  assert.deepEqual(readdirSync(dir).filter((name) => name.includes(".tmp")), [], "nothing left aside");
});

test("test stops a normalizer that never returns at --timeout: FIXTURES_TIMEOUT, not a hung command", () => {
  const parent = mkdtempSync(join(root, "loop-"));
  ok(oc(parent, "init", "acme.loop", "--category", "nms"));
  const dir = join(parent, "acme.loop");
  const normalizer = join(dir, "src", "normalizer.ts");
  writeFileSync(normalizer, readFileSync(normalizer, "utf8").replace("normalize(raw: RawEvent): NormalizedAlert | null {", "normalize(raw: RawEvent): NormalizedAlert | null {\n    for (;;) { /* stuck */ }"));
  const started = Date.now();
  const stuck = fails(oc(dir, "test", "--timeout", "2"), "FIXTURES_TIMEOUT");
  assert.match(stuck.stderr, /^FIXTURES_TIMEOUT: the normalizer had not finished the \d+ fixtures after 2 s \(an endless loop\?\); stopped$/m);
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  fails(oc(dir, "test", "--timeout", "soon"), "CLI_USAGE", 2);
  writeFileSync(normalizer, readFileSync(normalizer, "utf8").replace("for (;;) { /* stuck */ }", "(globalThis as any).process.exit(3);"));
  const exited = fails(oc(dir, "test"), "FIXTURES_FAILED");
  assert.match(exited.stderr, /the replay ended \(exit code 3\) before it had a result/);
});

test("the author's flow: init → test → build → keygen → sign → pack → verify", () => {
  assert.match(ok(oc(root, "init", ID, "--category", "device")).stdout, /created acme\.ups-snmp\//);
  for (const file of ["manifest.json", "src/index.ts", "src/connector.ts", "src/normalizer.ts", "seed/mappings.json",
    "fixtures/example.json", "assets/icon.svg", "README.md", "migrations/001_init.sql"]) {
    assert.ok(existsSync(join(addon, file)), file);
  }
  assert.match(readFileSync(join(addon, "src/index.ts"), "utf8"), /export default defineAddon\(\{ connector: UpsSnmpConnector, normalizer: UpsSnmpNormalizer \}\)/);
  fails(oc(root, "init", ID, "--category", "device"), "CLI_EXISTS");

  const tested = ok(oc(addon, "test")).stdout;
  assert.match(tested, /✓ fixtures\/example\.json#1 \(link down\)/);
  assert.match(tested, /^4 passed, 0 failed$/m);

  assert.match(ok(oc(addon, "build")).stdout, /built acme\.ups-snmp 0\.1\.0 into build\//);
  const bundle = readFileSync(join(addon, "build/backend/index.js"), "utf8");
  assert.match(bundle, /export \{\s*\w+ as default\s*\}/);
  assert.doesNotMatch(bundle, /^import |require\(/m, "the bundle imports nothing");
  assert.ok(existsSync(join(addon, "build/manifest.json")) && existsSync(join(addon, "build/seed/mappings.json")));

  const keygen = ok(oc(addon, "keygen", "--out", "acme")).stdout;
  const keyId = /keyId ([0-9a-f]{16})/.exec(keygen)?.[1];
  assert.ok(keyId, keygen);
  assert.equal(statSync(join(addon, "acme.key")).mode & 0o777, 0o600);
  assert.match(readFileSync(join(addon, "acme.pub"), "utf8"), /^-----BEGIN PUBLIC KEY-----/);
  fails(oc(addon, "keygen", "--out", "acme"), "CLI_EXISTS");

  assert.match(ok(oc(addon, "sign", "--key", "acme.key")).stdout, new RegExp(`with key ${keyId}`));
  assert.deepEqual(readdirSync(join(addon, "build/SIGNATURE")).sort(), ["files.json", "files.json.sig"]);

  assert.match(ok(oc(addon, "pack")).stdout, /packed dist\/acme\.ups-snmp-0\.1\.0\.zip/);
  const zip = join(addon, "dist/acme.ups-snmp-0.1.0.zip");

  const verdict = ok(oc(addon, "verify", zip, "--trust", "acme.pub", "--prefix", "acme.")).stdout;
  assert.match(verdict, /^OK acme\.ups-snmp 0\.1\.0$/m);
  assert.match(verdict, new RegExp(`keyId:\\s+${keyId}`));
  assert.match(verdict, /level:\s+community/);

  fails(oc(addon, "verify", zip), "ADDON_KEY_UNKNOWN");
  fails(oc(addon, "verify", zip, "--trust", "acme.pub", "--prefix", "other."), "ADDON_KEY_NOT_ALLOWED");
  fails(oc(addon, "verify", zip, "--trust", "acme.pub", "--installed", "0.2.0"), "ADDON_DOWNGRADE");
  ok(oc(addon, "verify", zip, "--trust", "acme.pub", "--installed", "0.2.0", "--allow-downgrade"));
  fails(oc(addon, "verify", zip, "--trust", "acme.pub", "--core", "1.0.0"), "ADDON_CORE_INCOMPATIBLE");
});

test("verify refuses a tampered zip", () => {
  const zip = new AdmZip(join(addon, "dist/acme.ups-snmp-0.1.0.zip"));
  zip.updateFile("backend/index.js", Buffer.from("globalThis.pwned = true;\n"));
  const tampered = join(root, "tampered.zip");
  zip.writeZip(tampered);
  const run = fails(oc(addon, "verify", tampered, "--trust", "acme.pub"), "ADDON_FILE_TAMPERED");
  assert.match(run.stderr, /backend\/index\.js/);
  assert.equal(run.stdout, "");
});

test("verify takes a trust store and dev mode", () => {
  const store = join(root, "trust.json");
  const publicKey = readFileSync(join(addon, "acme.pub"), "utf8");
  const keyId = JSON.parse(readFileSync(join(addon, "build/SIGNATURE/files.json"), "utf8")).keyId as string;
  writeFileSync(store, JSON.stringify([{ keyId, publicKey, publisher: "Acme", idPrefixes: ["acme."], level: "trusted" }]));
  assert.match(ok(oc(addon, "verify", "dist/acme.ups-snmp-0.1.0.zip", "--trust", store)).stdout, /level:\s+trusted/);
  writeFileSync(store, JSON.stringify([{ keyId, publicKey, publisher: "Acme", idPrefixes: ["acme."], level: "trusted", revoked: true }]));
  fails(oc(addon, "verify", "dist/acme.ups-snmp-0.1.0.zip", "--trust", store), "ADDON_KEY_REVOKED");
  // The key itself given first, the store that revokes it second: the revocation still wins.
  fails(oc(addon, "verify", "dist/acme.ups-snmp-0.1.0.zip", "--trust", "acme.pub", "--prefix", "acme.", "--trust", store), "ADDON_KEY_REVOKED");
  // A store that is no store gets the code the host gives its own (one condition, one code).
  writeFileSync(store, JSON.stringify({ keyId, publicKey }));
  assert.match(fails(oc(addon, "verify", "dist/acme.ups-snmp-0.1.0.zip", "--trust", store), "TRUST_STORE_INVALID").stderr, /must be a JSON array of trust entries/);
  writeFileSync(store, "[{");
  fails(oc(addon, "verify", "dist/acme.ups-snmp-0.1.0.zip", "--trust", store), "TRUST_STORE_INVALID");

  ok(oc(root, "init", "acme.unsigned", "--category", "nms"));
  const dir = join(root, "acme.unsigned");
  ok(oc(dir, "build"));
  fails(oc(dir, "pack"), "ADDON_SIGNATURE_MISSING");
  assert.match(ok(oc(dir, "pack", "--unsigned")).stdout, /UNSIGNED/);
  fails(oc(dir, "verify", "dist/acme.unsigned-0.1.0.zip"), "ADDON_SIGNATURE_MISSING");
  const dev = ok(oc(dir, "verify", "dist/acme.unsigned-0.1.0.zip", "--dev"));
  assert.match(dev.stdout, /level:\s+unsigned/);
  assert.match(dev.stderr, /warning: .*unsigned/);
});

test("pack refuses a build changed after signing", () => {
  appendFileSync(join(addon, "build/backend/index.js"), "\n// edited after signing\n");
  fails(oc(addon, "pack"), "ADDON_FILE_TAMPERED");
  ok(oc(addon, "build"));
  ok(oc(addon, "sign", "--key", "acme.key"));
  writeFileSync(join(addon, "build/assets/extra.txt"), "x");
  fails(oc(addon, "pack"), "ADDON_FILE_EXTRA");
});

test("test reports a failing fixture with a readable diff and exits 1", () => {
  const fixture = join(addon, "fixtures/example.json");
  const original = readFileSync(fixture, "utf8");
  try {
    writeFileSync(fixture, original.replace('"severity": "major"', '"severity": "critical"'));
    const run = fails(oc(addon, "test"), "FIXTURES_FAILED");
    assert.match(run.stdout, /✗ fixtures\/example\.json#1 \(link down\)\n {4}severity: expected "critical", got "major"/);
    assert.match(run.stdout, /^3 passed, 1 failed$/m);
    writeFileSync(fixture, "[{\"raw\": {}, \"expected\": null}]");
    fails(oc(addon, "test"), "FIXTURE_INVALID");
  } finally {
    writeFileSync(fixture, original);
  }
});

test("build refuses Node built-ins and reports esbuild errors with their location", () => {
  const entry = join(addon, "src/index.ts");
  const original = readFileSync(entry, "utf8");
  try {
    writeFileSync(entry, `import { readFileSync } from "node:fs";\nexport const leak = readFileSync;\n${original}`);
    const run = fails(oc(addon, "build"), "ADDON_NODE_BUILTIN");
    assert.match(run.stderr, /src\/index\.ts imports "node:fs"/);
    writeFileSync(entry, `${original}\nconst broken = ;\n`);
    assert.match(fails(oc(addon, "build"), "ADDON_BUILD_FAILED").stderr, /src\/index\.ts:\d+:\d+/);
    writeFileSync(entry, "export default { connector: 1 };\n");
    fails(oc(addon, "test"), "ADDON_DEFINITION_INVALID");
  } finally {
    writeFileSync(entry, original);
  }
});

test("build checks the manifest and the migrations as the verifier will", () => {
  const manifestPath = join(addon, "manifest.json");
  const manifest = readFileSync(manifestPath, "utf8");
  try {
    writeFileSync(manifestPath, manifest.replace('"category": "device"', '"category": "toaster"'));
    assert.match(fails(oc(addon, "build"), "ADDON_MANIFEST_INVALID").stderr, /\/category/);
  } finally {
    writeFileSync(manifestPath, manifest);
  }
  const migration = join(addon, "migrations/002_evil.sql");
  writeFileSync(migration, "DELETE FROM alerts;\n");
  try {
    fails(oc(addon, "build"), "ADDON_MIGRATION_FORBIDDEN");
  } finally {
    rmSync(migration);
  }
});

test("schemas writes the published JSON Schemas", () => {
  ok(oc(root, "schemas", "--out", "out-schemas"));
  assert.deepEqual(readdirSync(join(root, "out-schemas")).sort(), [
    "fixture.schema.json", "manifest.schema.json", "mapping-snapshot.schema.json", "normalized-alert.schema.json",
    "raw-event.schema.json", "seed-mappings.schema.json",
  ]);
});
