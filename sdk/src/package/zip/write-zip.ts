import AdmZip from "adm-zip";

/** Entries get this fixed time, so packing the same files twice gives the same zip. */
const FIXED_ENTRY_TIME = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

/**
 * Zips package files (path → bytes) in path order as regular files (mode 0644),
 * deflated, with a fixed timestamp: the same files always pack to the same bytes.
 *
 * @example
 * writeFileSync("dist/acme.ups-1.0.0.zip", writePackageZip(files));
 */
export function writePackageZip(files: ReadonlyMap<string, Uint8Array>): Buffer {
  const zip = new AdmZip();
  for (const path of [...files.keys()].sort()) {
    const entry = zip.addFile(path, Buffer.from(files.get(path)!), "", 0o644);
    entry.header.time = FIXED_ENTRY_TIME;
  }
  return zip.toBuffer();
}
