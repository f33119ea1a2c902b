import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import type { Manifest } from "../manifest/schema.ts";
import { parseManifest } from "../manifest/validate.ts";

/** Folders of an addon's source tree, relative to the addon folder. */
export const ADDON_PATHS = {
  manifest: "manifest.json",
  entry: "src/index.ts",
  seed: "seed/mappings.json",
  fixtures: "fixtures",
  build: "build",
  dist: "dist",
} as const;

/** What `build` copies from the source tree into the package, besides the bundle. */
export const PACKAGED_SOURCES = ["manifest.json", "README.md", "migrations", "seed", "fixtures", "assets", "ui"] as const;

/**
 * Reads and validates `manifest.json` in `dir`; `CLI_NOT_FOUND` when there is none.
 *
 * @example
 * const manifest = readAddonManifest(process.cwd());
 */
export function readAddonManifest(dir: string): Manifest {
  const path = join(dir, ADDON_PATHS.manifest);
  if (!existsSync(path)) {
    throw new OcError(SdkErrorCodes.CLI_NOT_FOUND, `no manifest.json in ${dir}: run oc-addon inside an addon folder (or create one with oc-addon init)`);
  }
  return parseManifest(readFileSync(path));
}

/**
 * Reads every file under `dir` into memory, keyed by `/`-separated relative path.
 * A symbolic link or special file is `ADDON_LINK_ENTRY`, as the verifier would
 * say of it inside a zip.
 *
 * @example
 * const files = readTree("build"); // Map { "manifest.json" => <Buffer>, "backend/index.js" => <Buffer>, ... }
 */
export function readTree(dir: string, root = dir, files = new Map<string, Buffer>()): Map<string, Buffer> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    const key = relative(root, path).split(sep).join("/");
    if (stat.isDirectory()) readTree(path, root, files);
    else if (stat.isFile()) files.set(key, readFileSync(path));
    else throw new OcError(SdkErrorCodes.ADDON_LINK_ENTRY, `${key} is a link or special file; packages hold only regular files`);
  }
  return files;
}

/**
 * `CLI_NOT_FOUND` unless `path` exists, with a hint of what creates it.
 *
 * @example
 * requireExists(join(cwd, "build"), "run oc-addon build first");
 */
export function requireExists(path: string, hint: string): void {
  if (!existsSync(path)) throw new OcError(SdkErrorCodes.CLI_NOT_FOUND, `${path} does not exist: ${hint}`);
}
