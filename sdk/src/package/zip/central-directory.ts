import { OcError } from "../../errors/oc-error.ts";
import { SdkErrorCodes } from "../../errors/codes.ts";

/** One central-directory record: what the zip claims about an entry, before anything is inflated. */
export interface CentralEntry {
  /** The raw entry name, decoded as UTF-8. */
  name: string;
  versionMadeBy: number;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  externalAttributes: number;
  localHeaderOffset: number;
}

export interface CentralDirectory {
  entries: CentralEntry[];
  /** Where the central directory starts: every entry's data must end before it. */
  offset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export function zipInvalid(message: string, details?: Record<string, unknown>): OcError {
  return new OcError(SdkErrorCodes.ADDON_ZIP_INVALID, `not a readable addon zip: ${message}`, details);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Finds the end-of-central-directory record, scanning back over a possible comment. */
function findEndOfCentralDirectory(zip: Buffer): number {
  if (zip.length < EOCD_SIZE) throw zipInvalid(`${zip.length} bytes is too short for a zip`);
  const lowest = Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = zip.length - EOCD_SIZE; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === EOCD_SIGNATURE && at + EOCD_SIZE + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  throw zipInvalid("no end-of-central-directory record");
}

/**
 * Reads the entry count first (so an entry-count bomb is refused before any
 * parsing), then every central-directory record. ZIP64, multi-disk and
 * encrypted archives are refused: addon packages never need them.
 *
 * @example
 * const { entries } = readCentralDirectory(zip, 2000);
 */
export function readCentralDirectory(zip: Buffer, maxEntries: number): CentralDirectory {
  const eocd = findEndOfCentralDirectory(zip);
  const disk = zip.readUInt16LE(eocd + 4);
  const directoryDisk = zip.readUInt16LE(eocd + 6);
  const entriesOnDisk = zip.readUInt16LE(eocd + 8);
  const entryCount = zip.readUInt16LE(eocd + 10);
  const size = zip.readUInt32LE(eocd + 12);
  const offset = zip.readUInt32LE(eocd + 16);
  if (entryCount > maxEntries) {
    throw new OcError(SdkErrorCodes.ADDON_TOO_MANY_ENTRIES, `the package has ${entryCount} entries, more than the limit of ${maxEntries}`,
      { entries: entryCount, limit: maxEntries });
  }
  if (entryCount === 0xffff || size === 0xffffffff || offset === 0xffffffff
    || (eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE)) {
    throw zipInvalid("ZIP64 archives are not supported");
  }
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) throw zipInvalid("multi-disk archives are not supported");
  if (offset + size > eocd) throw zipInvalid("the central directory overlaps its end record");

  const entries: CentralEntry[] = [];
  let at = offset;
  for (let index = 0; index < entryCount; index++) {
    if (at + 46 > offset + size || zip.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      throw zipInvalid(`central directory record ${index} is damaged`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > offset + size) throw zipInvalid(`central directory record ${index} runs past the directory`);
    let name: string;
    try {
      name = utf8.decode(zip.subarray(at + 46, at + 46 + nameLength));
    } catch {
      throw zipInvalid(`entry ${index}'s name is not UTF-8`);
    }
    entries.push({
      name,
      versionMadeBy: zip.readUInt16LE(at + 4),
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      crc32: zip.readUInt32LE(at + 16),
      compressedSize: zip.readUInt32LE(at + 20),
      uncompressedSize: zip.readUInt32LE(at + 24),
      externalAttributes: zip.readUInt32LE(at + 38),
      localHeaderOffset: zip.readUInt32LE(at + 42),
    });
    at = end;
  }
  if (at !== offset + size) throw zipInvalid("the central directory holds more than its declared entries");
  return { entries, offset };
}
