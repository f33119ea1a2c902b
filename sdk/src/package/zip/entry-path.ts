import { OcError } from "../../errors/oc-error.ts";
import { SdkErrorCodes } from "../../errors/codes.ts";
import { MAX_PATH_LENGTH } from "../limits.ts";

/**
 * Checks a zip entry name (or a path listed in `files.json`) and returns it
 * without a trailing slash. Accepted: relative, `/`-separated, canonical paths
 * of printable characters. Throws `ADDON_PATH_ABSOLUTE`, `ADDON_PATH_TRAVERSAL`
 * or `ADDON_PATH_INVALID`.
 *
 * @example
 * checkEntryPath("backend/index.js"); // "backend/index.js"
 * checkEntryPath("../../etc/passwd"); // throws ADDON_PATH_TRAVERSAL
 */
export function checkEntryPath(name: string): string {
  const shown = JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
  if (name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:/.test(name)) {
    throw new OcError(SdkErrorCodes.ADDON_PATH_ABSOLUTE, `entry ${shown} is an absolute path`, { path: name });
  }
  if (name.split(/[\\/]/).includes("..")) {
    throw new OcError(SdkErrorCodes.ADDON_PATH_TRAVERSAL, `entry ${shown} climbs out of the package with ".."`, { path: name });
  }
  const invalid = (why: string) => new OcError(SdkErrorCodes.ADDON_PATH_INVALID, `entry ${shown} ${why}`, { path: name });
  if (name.length === 0) throw invalid("has an empty name");
  if (name.length > MAX_PATH_LENGTH) throw invalid(`is longer than ${MAX_PATH_LENGTH} characters`);
  if (name.includes("\\")) throw invalid("contains a backslash");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid("contains a control character");
  const trimmed = name.endsWith("/") ? name.slice(0, -1) : name;
  const segments = trimmed.split("/");
  if (segments.some((segment) => segment === "" || segment === ".")) throw invalid("has an empty or \".\" segment");
  return trimmed;
}

/**
 * The key two entries collide on: Unicode NFC, case-folded. `Manifest.json` and
 * `manifest.json` are one file on macOS and Windows, so a package may not hold both.
 *
 * @example
 * collisionKey("Backend/Index.js") === collisionKey("backend/index.js"); // true
 */
export function collisionKey(path: string): string {
  return path.normalize("NFC").toLowerCase();
}
