import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { hostError } from "./errors.ts";
import { makePrivateDir } from "./util/private-files.ts";
import { replaceFile } from "./util/replace-file.ts";

const PRESENCE_FILE = "daemon.json";

export interface DaemonPresence {
  pid: number;
  /** Null while the daemon starts (before it listens). */
  url: string | null;
  startedAt: string;
  /** Which boot and which process start the pid belongs to (Linux), so a pid reused later is not taken for the daemon. */
  bootId?: string;
  processStart?: number;
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
  makePrivateDir(dataDir);
  const file = presenceFile(dataDir);
  if (claimedHere.has(file)) throw running(dataDir, { pid: process.pid, url: null, startedAt: "" });
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, `${JSON.stringify({ pid: process.pid, url: null, startedAt, ...processIdentity(process.pid) } satisfies DaemonPresence)}\n`, { mode: 0o644 });
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
export function writeDaemonPresence(dataDir: string, presence: Omit<DaemonPresence, "bootId" | "processStart">): void {
  replaceFile(presenceFile(dataDir), `${JSON.stringify({ ...presence, ...processIdentity(presence.pid) })}\n`);
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
  return presence && isAlive(presence) ? presence : undefined;
}

/**
 * Moves a stale presence file out of the way (DAEMON_RUNNING for a live one). The file moved may
 * be a claim another start made since it was read: then it is put back and the start refused.
 */
function takeOverIfStale(dataDir: string): void {
  const file = presenceFile(dataDir);
  const holder = readPresence(file);
  if (holder && isAlive(holder) && (holder.pid !== process.pid || claimedHere.has(file))) throw running(dataDir, holder);
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readPresence(aside);
  try {
    if (moved && moved.startedAt !== holder?.startedAt && isAlive(moved)) {
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

/**
 * Whether the process that wrote `presence` still runs: its pid exists, and (where Linux tells)
 * in the same boot with the same start time. After a power cut the file outlives the daemon, and
 * its pid may belong to another process by the time the machine is up again.
 */
function isAlive(presence: DaemonPresence): boolean {
  try {
    process.kill(presence.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const now = processIdentity(presence.pid);
  if (presence.bootId !== undefined && now.bootId !== undefined && presence.bootId !== now.bootId) return false;
  if (presence.processStart !== undefined && now.processStart !== undefined && presence.processStart !== now.processStart) return false;
  return true;
}

/** The boot id and the process's start time (clock ticks since boot), from /proc; empty where there is none. */
function processIdentity(pid: number): Pick<DaemonPresence, "bootId" | "processStart"> {
  try {
    const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const processStart = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
    return Number.isFinite(processStart) ? { bootId, processStart } : { bootId };
  } catch {
    return {};
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
