// Test support for hostile-package tests (the SDK's own and the host's install-API corpus).
import { sign } from "node:crypto";
import { readPrivateKey } from "../keys.ts";
import { SIGNATURE_PATH, SIGNED_FILE_LIST_PATH } from "../signed-file-list.ts";
import { craftZip, type CraftedEntry } from "./craft-zip.ts";

/**
 * A copy of `files` with a hand-written `files.json` (`list`) signed by `privateKeyPem`: the
 * verifier, not the signer, is what checks what the list says.
 */
export function withForgedList(files: ReadonlyMap<string, Buffer>, list: unknown, privateKeyPem: string): Map<string, Buffer> {
  const bytes = Buffer.from(JSON.stringify(list));
  const forged = new Map(files);
  forged.set(SIGNED_FILE_LIST_PATH, bytes);
  forged.set(SIGNATURE_PATH, Buffer.from(sign(null, bytes, readPrivateKey(privateKeyPem)).toString("base64")));
  return forged;
}

/** `files` (a signed package's, usually) as crafted entries, plus the hostile ones, in one hand-written zip. */
export function zipWithExtraEntries(files: ReadonlyMap<string, Buffer | Uint8Array>, ...hostile: CraftedEntry[]): Buffer {
  return craftZip([...[...files].map(([name, data]) => ({ name, data: Buffer.from(data) })), ...hostile]);
}
