import { crc32, deflateRawSync } from "node:zlib";

/** One entry of a hand-crafted zip: anything adm-zip would refuse to write (or silently fix) can be expressed. */
export interface CraftedEntry {
  name: string;
  data?: Buffer | string;
  /** 0 stored, 8 deflate (default). */
  method?: number;
  /** Central-directory external attributes; default: regular file 0644 (Unix). */
  externalAttributes?: number;
  /** Default 0x031e: made by Unix, spec 3.0. */
  versionMadeBy?: number;
  /** Lie about the sizes in the central directory. */
  declaredUncompressedSize?: number;
  declaredCompressedSize?: number;
  /** A different name in the local header. */
  localName?: string;
  /** Reuse the local header (and data) of an earlier entry: overlapping entries. */
  sharesDataWith?: number;
}

/** `st_mode` high bits for the external attributes of a Unix entry. */
export const UNIX_MODE = { file: 0o100644, directory: 0o040755, symlink: 0o120777, fifo: 0o010644, blockDevice: 0o060644 } as const;

export function unixAttributes(mode: number): number {
  return (mode << 16) >>> 0;
}

/**
 * Writes a zip byte by byte, for the hostile-package corpus (test-only).
 *
 * @example
 * craftZip([{ name: "../evil.txt", data: "x" }]);
 */
export function craftZip(entries: CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const data = Buffer.from(entry.data ?? "");
    const method = entry.method ?? 8;
    const compressed = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(entry.name, "utf8");
    const localName = Buffer.from(entry.localName ?? entry.name, "utf8");
    const crc = crc32(data) >>> 0;
    let headerOffset = offset;
    if (entry.sharesDataWith !== undefined) {
      headerOffset = offsets[entry.sharesDataWith]!;
    } else {
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(compressed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(localName.length, 26);
      locals.push(local, localName, compressed);
      offset += local.length + localName.length + compressed.length;
    }
    offsets[index] = headerOffset;
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.versionMadeBy ?? 0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.declaredCompressedSize ?? compressed.length, 20);
    central.writeUInt32LE(entry.declaredUncompressedSize ?? data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(entry.externalAttributes ?? unixAttributes(UNIX_MODE.file), 38);
    central.writeUInt32LE(headerOffset, 42);
    centrals.push(central, name);
  });
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
