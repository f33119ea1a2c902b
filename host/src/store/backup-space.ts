import { stat, statfs } from "node:fs/promises";
import { hostError } from "../errors.ts";
import type { Db } from "./database.ts";

/**
 * Free space that must remain after a backup: the larger of 10% of its estimated size and 64 MiB.
 * The backup is not the only writer: the live database's WAL grows until checkpointed (the
 * checkpointer's backstop lets it reach 64 MiB) and the rows ingested during a long copy land in
 * both the live file and the copy, which grows with the database. A backup that used the last of
 * the disk would make the daemon's own writes fail, so it is refused instead. (The backups folder is
 * under the data directory, so normally on the live database's filesystem.)
 */
const MIN_MARGIN_BYTES = 64 * 1024 * 1024;
const MARGIN_FRACTION = 0.1;

/** Bytes an unprivileged process may still write on the filesystem holding `path` (statfs: bavail × bsize). */
export async function diskFreeBytes(path: string): Promise<number> {
  const { bavail, bsize } = await statfs(path);
  return bavail * bsize;
}

/** What a backup of `db` into `dir` would take, and what the filesystem holding `dir` has free. */
export interface BackupSpace {
  estimate: number;
  free: number;
}

/** Measures a backup's size and the free space for it; a failing probe rejects with its own error. */
export async function measureBackupSpace(db: Db, dir: string, freeBytes: (dir: string) => Promise<number>): Promise<BackupSpace> {
  return { estimate: await estimateBackupBytes(db), free: await freeBytes(dir) };
}

/** Throws STORE_BACKUP_NO_SPACE, naming what is needed and what is free, unless the backup and the margin fit. */
export function assertBackupFits(dir: string, { estimate, free }: BackupSpace): void {
  const margin = Math.max(MIN_MARGIN_BYTES, Math.ceil(estimate * MARGIN_FRACTION));
  const needed = estimate + margin;
  // Written so that a probe answering NaN refuses too.
  if (free >= needed) return;
  throw hostError("STORE_BACKUP_NO_SPACE",
    `not enough free disk space for a database backup in ${dir}: it needs ${formatBytes(needed)} ` +
    `(${formatBytes(estimate)} for the backup + ${formatBytes(margin)} left free for the live database), ` +
    `only ${formatBytes(free)} is free; no backup was written and none deleted`,
    { dir, neededBytes: needed, freeBytes: free, estimateBytes: estimate, marginBytes: margin });
}

/**
 * An upper bound of the backup's size: the database file plus its WAL (which holds the pages not yet
 * checkpointed, some in several versions). An in-memory database has no file: its pages are counted.
 */
async function estimateBackupBytes(db: Db): Promise<number> {
  const pages = (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);
  if (db.memory) return pages;
  return Math.max(pages, (await sizeOrZero(db.name)) + (await sizeOrZero(db.name + "-wal")));
}

async function sizeOrZero(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return 0;
    throw error;
  }
}

/** `734 bytes`, `12.3 KiB`, `64.0 MiB`, `1.5 GiB`. */
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
