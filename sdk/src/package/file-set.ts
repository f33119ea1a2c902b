import { createHash } from "node:crypto";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH, isSignaturePath, type SignedFileList } from "./signed-file-list.ts";

/**
 * Checks that the package holds exactly the signed files with the signed
 * content: a listed file absent is `ADDON_FILE_MISSING`, a changed one
 * `ADDON_FILE_TAMPERED`, an unlisted one (including anything else under
 * `SIGNATURE/`) `ADDON_FILE_EXTRA`.
 *
 * @example
 * checkFileSet(files, parseSignedFileList(files.get(SIGNED_FILE_LIST_PATH)!));
 */
export function checkFileSet(files: ReadonlyMap<string, Uint8Array>, list: SignedFileList): void {
  for (const [path, expected] of Object.entries(list.files)) {
    const content = isSignaturePath(path) ? undefined : files.get(path);
    if (content === undefined) {
      throw new OcError(SdkErrorCodes.ADDON_FILE_MISSING, `${path} is signed but not in the package`, { path });
    }
    const sha256 = createHash("sha256").update(content).digest("hex");
    if (content.length !== expected.size || sha256 !== expected.sha256) {
      throw new OcError(SdkErrorCodes.ADDON_FILE_TAMPERED, `${path} differs from its signed content`, { path });
    }
  }
  for (const path of files.keys()) {
    if (path === SIGNED_FILE_LIST_PATH || path === SIGNATURE_PATH) continue;
    if (!Object.hasOwn(list.files, path) || isSignaturePath(path)) {
      throw new OcError(SdkErrorCodes.ADDON_FILE_EXTRA, `${path} is in the package but not signed`, { path });
    }
  }
}
