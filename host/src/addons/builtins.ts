import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compareVersions, toErrorData } from "@opsconductor/sdk";
import { createTrustEntry, verifyPackage } from "@opsconductor/sdk/node";
import type { Db } from "../store/database.ts";
import { getInstalledAddon } from "./installed-addons.ts";
import type { AddonManager } from "./manager.ts";
import type { TrustStore } from "./trust-store.ts";

/** Where the build put the signed built-in addons, and the public half of the key that signed them. */
export interface BuiltinAddons {
  dir: string;
  publicKeyFile: string;
}

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const BUILTIN_ADDONS_DIR = join(REPO_ROOT, "build", "addons");
export const CORE_KEY_DIR = join(REPO_ROOT, ".toolchain", "keys");
export const CORE_KEY_NAME = "opsconductor-core";

/** The repository's: build/addons/*.zip signed by .toolchain/keys/opsconductor-core.key (scripts/build/addons.ts). */
export function defaultBuiltinAddons(): BuiltinAddons {
  return { dir: BUILTIN_ADDONS_DIR, publicKeyFile: join(CORE_KEY_DIR, `${CORE_KEY_NAME}.pub`) };
}

/**
 * Built-in addons go through the normal path: their signing key is trusted as `core` for
 * `opsconductor.` ids, then each built-in zip is installed when its id is not installed, or
 * upgrades the installed one when it is newer. Anything else installed is left alone
 * (a refused built-in stays refused: an admin decides), and so is a built-in an admin
 * uninstalled (AddonManager.removedBuiltins) until one installs it again.
 */
export async function installBuiltinAddons(deps: { db: Db; trust: TrustStore; manager: AddonManager; log: (line: string) => void }, builtins: BuiltinAddons): Promise<string[]> {
  if (!existsSync(builtins.publicKeyFile) || !existsSync(builtins.dir)) return [];
  const publicKey = readFileSync(builtins.publicKeyFile, "utf8");
  deps.trust.ensure(createTrustEntry(publicKey, { publisher: "OpsConductor", idPrefixes: ["opsconductor."], level: "core" }));
  const installed: string[] = [];
  for (const [id, { version, zip }] of newestPackages(builtins.dir, deps.trust, deps.log)) {
    const current = getInstalledAddon(deps.db, id);
    if (current && compareVersions(version, current.version) <= 0) continue;
    if (!current && deps.manager.removedBuiltins.has(id)) continue;
    try {
      await deps.manager.install(zip);
      installed.push(`${id} ${version}`);
    } catch (error) {
      const { code, message } = toErrorData(error);
      deps.log(`addons: built-in ${id} ${version} was not installed: ${code}: ${message}`);
    }
  }
  return installed;
}

/** The newest verifiable zip of each built-in id in `dir`. */
function newestPackages(dir: string, trust: TrustStore, log: (line: string) => void): Map<string, { version: string; zip: Buffer }> {
  const newest = new Map<string, { version: string; zip: Buffer }>();
  const entries = trust.list();
  for (const name of readdirSync(dir).filter((file) => file.endsWith(".zip")).sort()) {
    const zip = readFileSync(join(dir, name));
    let manifest;
    try {
      manifest = verifyPackage(zip, { trust: entries }).manifest;
    } catch (error) {
      const { code, message } = toErrorData(error);
      log(`addons: built-in package ${name} does not verify: ${code}: ${message}`);
      continue;
    }
    const seen = newest.get(manifest.id);
    if (!seen || compareVersions(manifest.version, seen.version) > 0) newest.set(manifest.id, { version: manifest.version, zip });
  }
  return newest;
}
