import { OcError } from "../../errors/oc-error.ts";
import { SdkErrorCodes } from "../../errors/codes.ts";
import type { CentralEntry } from "./central-directory.ts";

const HOST_UNIX = 3;
const HOST_MACOS = 19;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const DOS_DIRECTORY = 0x10;
const DOS_REPARSE_POINT = 0x400;

const FILE_TYPES: Record<number, string> = {
  [S_IFLNK]: "a symbolic link",
  0o010000: "a FIFO",
  0o020000: "a character device",
  0o060000: "a block device",
  0o140000: "a socket",
};

/**
 * Classifies an entry from its name and external attributes. Unix-made zips keep
 * the file type in the high 16 bits (`st_mode`): only regular files and folders
 * pass; links (symbolic, or a hard link recorded as a link type), devices, FIFOs
 * and sockets throw `ADDON_LINK_ENTRY`. A Windows reparse point (junction,
 * symlink) is refused the same way.
 *
 * @example
 * entryKind(entry); // "file" | "directory"
 */
export function entryKind(entry: CentralEntry): "file" | "directory" {
  const host = entry.versionMadeBy >>> 8;
  const mode = entry.externalAttributes >>> 16;
  const dos = entry.externalAttributes & 0xffff;
  const refuse = (what: string) => new OcError(SdkErrorCodes.ADDON_LINK_ENTRY,
    `entry ${JSON.stringify(entry.name)} is ${what}; packages may hold only regular files and folders`, { path: entry.name });
  if ((host === HOST_UNIX || host === HOST_MACOS) && mode !== 0) {
    const type = mode & S_IFMT;
    if (type === S_IFDIR) return "directory";
    if (type !== S_IFREG && type !== 0) throw refuse(FILE_TYPES[type] ?? `a special file (mode ${type.toString(8)})`);
  }
  if (dos & DOS_REPARSE_POINT) throw refuse("a reparse point (link)");
  if (entry.name.endsWith("/") || dos & DOS_DIRECTORY) return "directory";
  return "file";
}
