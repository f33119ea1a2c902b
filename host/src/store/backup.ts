import { readdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { hostError } from "../errors.ts";
import { makePrivateDir, restrictToOwner } from "../util/private-files.ts";
import { assertBackupFits, diskFreeBytes, measureBackupSpace, type BackupSpace } from "./backup-space.ts";
import type { Db } from "./database.ts";

/** Where backups go, under the data directory. */
export const BACKUPS_DIR = "backups";

/**
 * `opsconductor-20260101T024700.123Z.db`: sorts by name in time order. To the millisecond, since two
 * runs in one second (a manual run after the nightly one) wrote the same name, the second over the
 * first. Names to the second are an older version's, still listed and pruned.
 */
const BACKUP_NAME = /^opsconductor-\d{8}T\d{6}(\.\d{3})?Z\.db$/;
/** A backup being written; never matches BACKUP_NAME, so a half-written file is never taken for a backup. */
const PARTIAL_SUFFIX = ".partial";
/** What SQLite may keep beside a database file (a rollback journal while writing; WAL files once opened). */
const SIDECARS = ["-journal", "-wal", "-shm"];
/** Pages copied per step (~400 KiB at 4 KiB pages): ingest on the same connection waits at most one step. */
const PAGES_PER_STEP = 100;

export interface BackupResult {
  file: string;
  bytes: number;
  /** Older backups deleted to keep only the newest `keep`. */
  deleted: number;
}

export interface BackupOptions {
  /** How many backups to keep, the new one included (≥ 1). */
  keep: number;
  now: number;
  signal?: AbortSignal;
  /** Free bytes on the filesystem holding `dir` (default: diskFreeBytes); tests simulate a full disk with it. */
  freeBytes?: (dir: string) => Promise<number>;
}

export function backupFileName(at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, "");
  return `opsconductor-${stamp}.db`;
}

/**
 * Copies the live database into `<dir>/opsconductor-<UTC time>.db` with SQLite's online backup,
 * page-stepped and yielding to the event loop between steps, so the daemon keeps ingesting (its
 * writes during the copy land in the copy too). Written under a temporary name and renamed when
 * complete; any failure removes the temporary file and throws STORE_BACKUP_FAILED. An abort of
 * `signal` stops between steps and throws its reason. Then deletes all but the newest `keep` backups.
 *
 * Before copying, checks that the filesystem holding `dir` has room for the backup (estimated from
 * the live database file and its WAL) plus a margin left free for the live database (the larger of
 * 10% of the estimate and 64 MiB); if not, throws STORE_BACKUP_NO_SPACE without writing a backup or
 * deleting one. A probe that fails (`freeBytes`, default diskFreeBytes) fails with STORE_BACKUP_FAILED.
 */
export async function backupDatabase(db: Db, dir: string, options: BackupOptions): Promise<BackupResult> {
  const { keep, now, signal, freeBytes = diskFreeBytes } = options;
  if (!Number.isInteger(keep) || keep < 1) throw hostError("VALIDATION_FAILED", `backups to keep must be a whole number ≥ 1, got ${keep}`, { keep });
  const file = join(dir, backupFileName(now));
  const partial = file + PARTIAL_SUFFIX;
  let space: BackupSpace;
  try {
    // Backups are whole copies of the database: the directory is ours alone (one made before
    // this was so is repaired), so a backup is never readable by others, even while written.
    makePrivateDir(dir);
    restrictToOwner(dir);
    // Before measuring: a partial file left by a crash is space the backup may use.
    await removePartials(dir);
    space = await measureBackupSpace(db, dir, freeBytes);
  } catch (error) {
    throw backupFailed(`the database backup to ${file} failed`, file, error);
  }
  assertBackupFits(dir, space);
  try {
    await db.backup(partial, {
      progress: () => {
        signal?.throwIfAborted();
        return PAGES_PER_STEP;
      },
    });
    signal?.throwIfAborted();
    // Not created 0600 beforehand: SQLite removes a destination it created itself the moment a
    // backup is aborted, but one that already existed is left for the slower cleanup below.
    restrictToOwner(partial);
    await rename(partial, file);
  } catch (error) {
    await removeWithSidecars(partial);
    if (signal?.aborted) throw signal.reason;
    throw backupFailed(`the database backup to ${file} failed`, file, error);
  }
  const { size } = await stat(file);
  try {
    return { file, bytes: size, deleted: await pruneBackups(dir, keep, backupFileName(now)) };
  } catch (error) {
    throw backupFailed(`the backup ${file} was written, but old backups could not be deleted`, file, error);
  }
}

function backupFailed(what: string, file: string, error: unknown) {
  return hostError("STORE_BACKUP_FAILED", `${what}: ${(error as Error).message}`, { file, cause: (error as { code?: string }).code ?? null }, error);
}


/**
 * Deletes all but the newest `keep` backups in `dir` (`latest`, the one just written, always
 * stays, even if a clock set back makes its name sort first); returns how many it deleted.
 */
async function pruneBackups(dir: string, keep: number, latest: string): Promise<number> {
  const others = (await listBackups(dir)).filter((name) => name !== latest);
  const old = others.slice(0, Math.max(0, others.length - (keep - 1)));
  for (const name of old) await removeWithSidecars(join(dir, name), { strict: true });
  return old.length;
}

/** The backups in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => BACKUP_NAME.test(name)).sort();
}

/** A crash (or kill) mid-backup leaves a partial file behind: the next backup clears it. */
async function removePartials(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.includes(PARTIAL_SUFFIX)) await rm(join(dir, name), { force: true });
  }
}

async function removeWithSidecars(file: string, options: { strict?: boolean } = {}): Promise<void> {
  for (const path of [file, ...SIDECARS.map((suffix) => file + suffix)]) {
    try {
      await rm(path, { force: true });
    } catch (error) {
      if (options.strict) throw error;
    }
  }
}
