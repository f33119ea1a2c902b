import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { hostError } from "./errors.ts";

const PRESENCE_FILE = "daemon.json";

export interface DaemonPresence {
  pid: number;
  /** Null while the daemon starts (before it listens). */
  url: string | null;
  startedAt: string;
}

// The presence files of the daemons of this process that are still open: a second daemon of the
// same process on one data dir is refused as one of another process is (its pid is alive either way).
const claimedHere = new Set<string>();

/**
 * Claims the data dir for this process before anything opens it: daemon.json, written whole
 * aside and linked into place (atomic, and refused if the name exists), so a reader never sees
 * it half-written and of two starts at once only one wins. A live daemon's file refuses the
 * start with DAEMON_RUNNING: two daemons on one store would each keep their own view of the open
 * alerts (the store assumes one writer). A file left by a daemon that died (its pid gone) is
 * taken over.
 */
export function claimDataDir(dataDir: string, startedAt: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = presenceFile(dataDir);
  if (claimedHere.has(file)) throw running(dataDir, { pid: process.pid, url: null, startedAt: "" });
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify({ pid: process.pid, url: null, startedAt } satisfies DaemonPresence)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, file);
        claimedHere.add(file);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      takeOverIfStale(dataDir);
    }
    throw hostError("DAEMON_RUNNING", `another daemon is starting on ${dataDir} at the same moment`);
  } finally {
    rmSync(draft, { force: true });
  }
}

/** Written by a serving daemon once it listens (see claimDataDir), so CLI verbs that must not run beside it (addon install) can tell. */
export function writeDaemonPresence(dataDir: string, presence: DaemonPresence): void {
  const file = presenceFile(dataDir);
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify(presence)}\n`, { mode: 0o644 });
  renameSync(draft, file);
}

/** Removed at shutdown; only this process's own file (another daemon may have replaced it). */
export function clearDaemonPresence(dataDir: string): void {
  const file = presenceFile(dataDir);
  claimedHere.delete(file);
  if (readPresence(file)?.pid === process.pid) rmSync(file, { force: true });
}

/** The daemon serving this data dir, if one is: a file left by a killed daemon (dead pid) does not count. */
export function runningDaemon(dataDir: string): DaemonPresence | undefined {
  const presence = readPresence(presenceFile(dataDir));
  return presence && isAlive(presence.pid) ? presence : undefined;
}

/**
 * Moves a stale presence file out of the way (DAEMON_RUNNING for a live one). The file moved may
 * be a claim another start made since it was read: then it is put back and the start refused.
 */
function takeOverIfStale(dataDir: string): void {
  const file = presenceFile(dataDir);
  const holder = readPresence(file);
  if (holder && isAlive(holder.pid) && (holder.pid !== process.pid || claimedHere.has(file))) throw running(dataDir, holder);
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readPresence(aside);
  try {
    if (moved && moved.startedAt !== holder?.startedAt && isAlive(moved.pid)) {
      linkSync(aside, file);
      throw running(dataDir, moved);
    }
  } finally {
    rmSync(aside, { force: true });
  }
}

function running(dataDir: string, holder: DaemonPresence) {
  return hostError("DAEMON_RUNNING", `a daemon (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""}) already serves ${dataDir}; `
    + `stop it first (if no daemon runs, that pid is another process's now: delete ${presenceFile(dataDir)})`, { pid: holder.pid });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function presenceFile(dataDir: string): string {
  return resolve(dataDir, PRESENCE_FILE);
}

function readPresence(file: string): DaemonPresence | undefined {
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as DaemonPresence;
    return typeof value.pid === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}
