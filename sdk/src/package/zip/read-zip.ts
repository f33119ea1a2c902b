import { crc32, inflateRawSync } from "node:zlib";
import { OcError } from "../../errors/oc-error.ts";
import { SdkErrorCodes } from "../../errors/codes.ts";
import { DEFAULT_PACKAGE_LIMITS, RATIO_CHECK_MIN_BYTES, type PackageLimits } from "../limits.ts";
import { readCentralDirectory, zipInvalid, type CentralEntry } from "./central-directory.ts";
import { checkEntryPath, collisionKey } from "./entry-path.ts";
import { entryKind } from "./entry-kind.ts";

const LOCAL_SIGNATURE = 0x04034b50;
const FLAG_ENCRYPTED = 0x1;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;

interface FileEntry extends CentralEntry {
  path: string;
}

/**
 * Safe in-memory extraction of an addon package: nothing is written to disk.
 * Checks, in order: the entry count (before parsing the directory), each name
 * (absolute, `..`, non-canonical), each entry's type (links and special files),
 * duplicates (also case-folded / NFC-normalized, and file-vs-folder clashes),
 * declared sizes and ratios before inflating, overlapping entries, then the
 * actual sizes while inflating and each CRC. Returns the files (folders
 * dropped) by path.
 *
 * @example
 * const files = readZipSafely(readFileSync("acme.ups-1.0.0.zip"));
 * files.get("manifest.json")?.toString("utf8");
 */
export function readZipSafely(zip: Buffer, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Map<string, Buffer> {
  const directory = readCentralDirectory(zip, limits.maxEntries);
  const files = checkEntries(directory.entries);
  checkDeclaredSizes(files, limits);
  const dataRanges = files.map((entry) => locateData(zip, entry, directory.offset));
  checkNoOverlap(files, dataRanges);
  for (const entry of files) checkLocalName(zip, entry);
  const result = new Map<string, Buffer>();
  let total = 0;
  files.forEach((entry, index) => {
    const content = inflateEntry(zip, entry, dataRanges[index]!, limits);
    total += content.length;
    if (total > limits.maxTotalBytes) throw tooLarge(`the package inflates to more than ${limits.maxTotalBytes} bytes`);
    result.set(entry.path, content);
  });
  return result;
}

/** Names, types, flags and duplicates; returns the file entries (folders checked, then dropped). */
function checkEntries(entries: CentralEntry[]): FileEntry[] {
  const seen = new Map<string, string>();
  const fileKeys = new Set<string>();
  const files: FileEntry[] = [];
  for (const entry of entries) {
    const path = checkEntryPath(entry.name);
    const kind = entryKind(entry);
    if (entry.flags & FLAG_ENCRYPTED) throw zipInvalid(`entry ${JSON.stringify(path)} is encrypted`);
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw zipInvalid(`entry ${JSON.stringify(path)} uses compression method ${entry.method} (only stored and deflate are read)`);
    }
    const key = collisionKey(path);
    const previous = seen.get(key);
    if (previous !== undefined) {
      throw new OcError(SdkErrorCodes.ADDON_DUPLICATE_ENTRY,
        previous === path ? `entry ${JSON.stringify(path)} appears twice` : `entries ${JSON.stringify(previous)} and ${JSON.stringify(path)} are the same file on case-insensitive systems`,
        { path });
    }
    seen.set(key, path);
    if (kind === "directory") {
      if (entry.uncompressedSize !== 0) throw zipInvalid(`folder entry ${JSON.stringify(path)} has content`);
      continue;
    }
    fileKeys.add(key);
    files.push({ ...entry, path });
  }
  for (const key of seen.keys()) {
    const segments = key.split("/");
    for (let depth = 1; depth < segments.length; depth++) {
      const ancestor = segments.slice(0, depth).join("/");
      if (fileKeys.has(ancestor)) {
        throw new OcError(SdkErrorCodes.ADDON_DUPLICATE_ENTRY, `${JSON.stringify(seen.get(ancestor))} is both a file and a folder`, { path: ancestor });
      }
    }
  }
  return files;
}

function tooLarge(message: string, details?: Record<string, unknown>): OcError {
  return new OcError(SdkErrorCodes.ADDON_TOO_LARGE, message, details);
}

function bomb(message: string, details?: Record<string, unknown>): OcError {
  return new OcError(SdkErrorCodes.ADDON_ZIP_BOMB, message, details);
}

/** Refuses on what the directory declares, before a single byte is inflated. */
function checkDeclaredSizes(files: FileEntry[], limits: PackageLimits): void {
  let total = 0;
  for (const entry of files) {
    const { path, compressedSize, uncompressedSize } = entry;
    if (entry.method === METHOD_STORED && compressedSize !== uncompressedSize) {
      throw zipInvalid(`stored entry ${JSON.stringify(path)} declares ${compressedSize} bytes stored but ${uncompressedSize} bytes of content`);
    }
    if (uncompressedSize >= RATIO_CHECK_MIN_BYTES && uncompressedSize > Math.max(compressedSize, 1) * limits.maxRatio) {
      const ratio = compressedSize === 0 ? "∞" : Math.round(uncompressedSize / compressedSize);
      throw bomb(`entry ${JSON.stringify(path)} declares ${uncompressedSize} bytes from ${compressedSize} compressed (ratio ${ratio}, limit ${limits.maxRatio})`,
        { path, compressedSize, uncompressedSize });
    }
    if (uncompressedSize > limits.maxFileBytes) {
      throw tooLarge(`entry ${JSON.stringify(path)} declares ${uncompressedSize} bytes, more than the ${limits.maxFileBytes}-byte file limit`, { path });
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw tooLarge(`the package declares more than ${limits.maxTotalBytes} bytes uncompressed`, { limit: limits.maxTotalBytes });
    }
  }
}

/** Reads the local header; returns where the entry's compressed bytes are. */
function locateData(zip: Buffer, entry: FileEntry, directoryOffset: number): [start: number, end: number] {
  const at = entry.localHeaderOffset;
  if (at + 30 > directoryOffset || zip.readUInt32LE(at) !== LOCAL_SIGNATURE) {
    throw zipInvalid(`the local header of ${JSON.stringify(entry.path)} is missing or damaged`);
  }
  const nameLength = zip.readUInt16LE(at + 26);
  const extraLength = zip.readUInt16LE(at + 28);
  const start = at + 30 + nameLength + extraLength;
  const end = start + entry.compressedSize;
  if (end > directoryOffset) throw zipInvalid(`entry ${JSON.stringify(entry.path)} runs into the central directory`);
  return [start, end];
}

/** A local header naming another file than the directory does is a known way to fool extractors. */
function checkLocalName(zip: Buffer, entry: FileEntry): void {
  const at = entry.localHeaderOffset;
  const localName = zip.subarray(at + 30, at + 30 + zip.readUInt16LE(at + 26)).toString("utf8");
  if (localName !== entry.name) {
    throw zipInvalid(`entry ${JSON.stringify(entry.path)} is named ${JSON.stringify(localName)} in its local header`);
  }
}

/** Entries sharing compressed bytes are a known bomb shape (overlapping-file quines). */
function checkNoOverlap(files: FileEntry[], ranges: Array<[number, number]>): void {
  const order = files.map((entry, index) => ({ path: entry.path, header: entry.localHeaderOffset, end: ranges[index]![1] }))
    .sort((a, b) => a.header - b.header);
  for (let i = 1; i < order.length; i++) {
    if (order[i]!.header < order[i - 1]!.end) {
      throw bomb(`entries ${JSON.stringify(order[i - 1]!.path)} and ${JSON.stringify(order[i]!.path)} overlap`);
    }
  }
}

/** Inflates one entry, stopping as soon as it outgrows its declared size; then checks the size and CRC. */
function inflateEntry(zip: Buffer, entry: FileEntry, [start, end]: [number, number], limits: PackageLimits): Buffer {
  const compressed = zip.subarray(start, end);
  let content: Buffer;
  if (entry.method === METHOD_STORED) {
    content = Buffer.from(compressed);
  } else {
    try {
      content = inflateRawSync(compressed, { maxOutputLength: Math.max(1, Math.min(entry.uncompressedSize, limits.maxFileBytes)) });
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw bomb(`entry ${JSON.stringify(entry.path)} inflates past its declared ${entry.uncompressedSize} bytes`, { path: entry.path });
      }
      throw zipInvalid(`entry ${JSON.stringify(entry.path)} does not inflate (${(error as Error).message})`);
    }
  }
  if (content.length > entry.uncompressedSize) {
    throw bomb(`entry ${JSON.stringify(entry.path)} inflates past its declared ${entry.uncompressedSize} bytes`, { path: entry.path });
  }
  if (content.length !== entry.uncompressedSize) {
    throw zipInvalid(`entry ${JSON.stringify(entry.path)} is ${content.length} bytes, not the declared ${entry.uncompressedSize}`);
  }
  if (crc32(content) >>> 0 !== entry.crc32) throw zipInvalid(`entry ${JSON.stringify(entry.path)} fails its CRC check`);
  return content;
}
