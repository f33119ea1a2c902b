// Builds the built-in addons the way any author builds theirs (oc-addon build → sign → pack),
// signed with the local core key, into build/addons/<id>-<version>.zip. The daemon trusts that
// key as `core` for `opsconductor.` and installs or upgrades the built-ins from there at start.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, cpSync, existsSync, globSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseManifest } from "@opsconductor/sdk";
import { generateSigningKeyPair, keyIdOf } from "@opsconductor/sdk/node";
import { runCli } from "../../sdk/src/cli/main.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const NOT_SOURCES = ["build", "dist", "node_modules"];

export interface BuildAddonsOptions {
  /** addons-builtin/ */
  sourceDir?: string;
  /** build/addons/ */
  outDir?: string;
  /** .toolchain/keys/ (git-ignored): opsconductor-core.key and .pub, made once. */
  keyDir?: string;
  /** Rebuild even when nothing changed. */
  force?: boolean;
  /** Only these folders of addons-builtin/ (default: all). */
  only?: string[];
  log?: (line: string) => void;
}

export interface BuiltAddon {
  id: string;
  version: string;
  zip: string;
  /** False: the stamp matched, the zip was kept. */
  rebuilt: boolean;
}

export interface BuildAddonsResult {
  built: BuiltAddon[];
  /** Built-ins that did not build (the others still did): folder name and why. */
  failed: Array<{ name: string; error: string }>;
}

export const CORE_KEY_NAME = "opsconductor-core";

/** The core signing key, generated on first use: a local key, never committed (DESIGN §4.2). */
export function ensureCoreKey(keyDir: string): { keyFile: string; publicKeyFile: string; keyId: string } {
  const keyFile = join(keyDir, `${CORE_KEY_NAME}.key`);
  const publicKeyFile = join(keyDir, `${CORE_KEY_NAME}.pub`);
  if (!existsSync(keyFile) || !existsSync(publicKeyFile)) {
    mkdirSync(keyDir, { recursive: true });
    const pair = generateSigningKeyPair();
    writeFileSync(keyFile, pair.privateKeyPem, { mode: 0o600 });
    writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644 });
  }
  chmodSync(keyFile, 0o600);
  return { keyFile, publicKeyFile, keyId: keyIdOf(readFileSync(publicKeyFile, "utf8")) };
}

/** What a built-in's package depends on: its own sources and the SDK (bundled into it), and the key. */
function inputsHash(addonDir: string, keyId: string): string {
  const hash = createHash("sha256").update(keyId);
  const own = globSync("**/*", { cwd: addonDir, exclude: (name) => NOT_SOURCES.includes(String(name)) });
  const sdk = globSync("sdk/src/**/*.ts", { cwd: ROOT }).filter((file) => !file.endsWith(".test.ts")).map((file) => join(ROOT, file));
  for (const file of [...own.map((file) => join(addonDir, file)), ...sdk].sort()) {
    try {
      hash.update(relative(ROOT, file)).update(readFileSync(file));
    } catch {
      // a directory
    }
  }
  return hash.digest("hex");
}

async function ocAddon(cwd: string, ...args: string[]): Promise<void> {
  let output = "";
  const status = await runCli(args, { cwd, out: (text) => (output += text), err: (text) => (output += text) });
  if (status !== 0) throw new Error(`oc-addon ${args.join(" ")} failed in ${cwd}:\n${output}`);
}

/**
 * Builds, signs and packs every `addons-builtin/<id>/` whose inputs changed since the last
 * build (a stamp per addon in build/addons/.stamps/); quick when nothing did. One broken
 * built-in does not stop the others: it is reported in `failed`.
 */
export async function buildAddons(options: BuildAddonsOptions = {}): Promise<BuildAddonsResult> {
  const sourceDir = options.sourceDir ?? join(ROOT, "addons-builtin");
  const outDir = options.outDir ?? join(ROOT, "build", "addons");
  const key = ensureCoreKey(options.keyDir ?? join(ROOT, ".toolchain", "keys"));
  const log = options.log ?? ((line: string) => console.error(line));
  const result: BuildAddonsResult = { built: [], failed: [] };
  if (!existsSync(sourceDir)) return result;
  mkdirSync(join(outDir, ".stamps"), { recursive: true });
  for (const name of readdirSync(sourceDir).sort()) {
    if (options.only && !options.only.includes(name)) continue;
    const addonDir = join(sourceDir, name);
    if (!existsSync(join(addonDir, "manifest.json"))) continue;
    try {
      result.built.push(await buildOne(addonDir, outDir, key, options.force === true, log));
    } catch (error) {
      result.failed.push({ name, error: (error as Error).message });
      log(`opsconductor: built-in addon ${name} did not build: ${(error as Error).message}`);
    }
  }
  return result;
}

async function buildOne(addonDir: string, outDir: string, key: { keyFile: string; keyId: string }, force: boolean, log: (line: string) => void): Promise<BuiltAddon> {
  const manifest = parseManifest(readFileSync(join(addonDir, "manifest.json")));
  const zipName = `${manifest.id}-${manifest.version}.zip`;
  const zip = join(outDir, zipName);
  const stampFile = join(outDir, ".stamps", `${manifest.id}.json`);
  const hash = inputsHash(addonDir, key.keyId);
  const stamp = existsSync(stampFile) ? (JSON.parse(readFileSync(stampFile, "utf8")) as { hash?: string; zip?: string }) : {};
  if (!force && stamp.hash === hash && stamp.zip === zipName && existsSync(zip)) {
    return { id: manifest.id, version: manifest.version, zip, rebuilt: false };
  }
  // Built in a copy, so the source tree stays clean and two builds never share a build/ folder.
  const work = join(outDir, `.work-${manifest.id}`);
  rmSync(work, { recursive: true, force: true });
  cpSync(addonDir, work, { recursive: true, filter: (source) => !NOT_SOURCES.includes(relative(addonDir, source).split(/[\\/]/)[0]!) });
  try {
    await ocAddon(work, "build");
    await ocAddon(work, "sign", "--key", key.keyFile);
    await ocAddon(work, "pack");
    copyFileSync(join(work, "dist", zipName), zip);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  // Older versions of this id go: the daemon installs the newest.
  for (const old of readdirSync(outDir)) if (old !== zipName && old.startsWith(`${manifest.id}-`) && old.endsWith(".zip")) rmSync(join(outDir, old));
  writeFileSync(stampFile, `${JSON.stringify({ hash, zip: zipName })}\n`);
  log(`opsconductor: built-in addon ${manifest.id} ${manifest.version} → ${relative(ROOT, zip)}`);
  return { id: manifest.id, version: manifest.version, zip, rebuilt: true };
}

if (import.meta.main) {
  const { failed } = await buildAddons({ force: process.argv.includes("--force") });
  if (failed.length) process.exitCode = 1;
}
