import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Owner-only files and directories for the data directory, whatever the umask: it holds the
 * password hashes, session and token digests, alerts and the secret key, and with the usual umask
 * 022 everything in it came out readable by every local user.
 */

/**
 * Creates `dir` with mode 0700 when it does not exist (parents as the umask says: they may be
 * shared, like /var/lib). An existing directory is left as its owner set it.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/**
 * Creates `file`, empty and mode 0600, when it does not exist: SQLite gives its -wal, -shm and
 * -journal files the mode of the database file, so a database born 0600 keeps them so too.
 * Failing to create it is left for whoever opens it next to report.
 */
export function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, "wx", 0o600));
  } catch {
    // EEXIST: already there (restrictToOwner repairs its mode). Anything else: the open that follows fails with it.
  }
}

/**
 * Takes group and other access from each of `files` (or directories) that exists (the repair for
 * a data directory made before these modes were set). A file we may not chmod (another owner, a read-only mount)
 * is left as it is: its owner chose that, and the daemon can still use it.
 */
export function restrictToOwner(...files: string[]): void {
  for (const file of files) {
    try {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) chmodSync(file, mode & 0o700);
    } catch (error) {
      if (!["ENOENT", "EPERM", "EACCES", "EROFS"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
    }
  }
}
