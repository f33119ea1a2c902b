import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { OcError, SdkErrorCodes } from "@opsconductor/sdk";

/** Writes a verified package's files under `dir` (paths were checked safe by the verifier). */
export function writePackageFiles(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  for (const [path, bytes] of files) {
    const target = join(dir, ...path.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes, { mode: 0o644 });
  }
}

/** Every regular file under `dir` by `/`-separated relative path; links and special files are listed as such. */
function listTree(dir: string, root = dir, found = new Map<string, "file" | "other">()): Map<string, "file" | "other"> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    const key = relative(root, path).split(sep).join("/");
    if (stat.isDirectory()) listTree(path, root, found);
    else found.set(key, stat.isFile() ? "file" : "other");
  }
  return found;
}

/**
 * Checks that the extracted copy of an installed version is exactly its verified files,
 * so an edit to `data/addons/<id>/<version>/` is caught at start like an edit to the zip.
 * Throws the verifier's codes: ADDON_FILE_MISSING, ADDON_FILE_EXTRA, ADDON_FILE_TAMPERED.
 */
export function assertTreeMatches(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  if (!existsSync(dir)) throw new OcError(SdkErrorCodes.ADDON_FILE_MISSING, `the installed files (${dir}) are missing`);
  const onDisk = listTree(dir);
  for (const path of files.keys()) {
    if (!onDisk.has(path)) throw new OcError(SdkErrorCodes.ADDON_FILE_MISSING, `${path} was removed from the installed copy`);
  }
  for (const [path, kind] of onDisk) {
    const expected = files.get(path);
    if (!expected) throw new OcError(SdkErrorCodes.ADDON_FILE_EXTRA, `${path} was added to the installed copy`);
    if (kind !== "file" || !Buffer.from(expected).equals(readFileSync(join(dir, ...path.split("/"))))) {
      throw new OcError(SdkErrorCodes.ADDON_FILE_TAMPERED, `${path} of the installed copy differs from the signed package`);
    }
  }
}
