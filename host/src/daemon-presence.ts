import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { hostError } from "./errors.ts";

const PRESENCE_FILE = "daemon.json";

export interface DaemonPresence {
  pid: number;
  /** Null while the daemon starts (before it listens). */
  url: string | null;
  startedAt: string;
}

/**
 * Claims the data dir for this process before anything opens it: daemon.json, created
 * exclusively. A live daemon's file refuses the start with DAEMON_RUNNING: two daemons on one
 * store would each keep their own view of the open alerts (the store assumes one writer). A
 * file left by a daemon that died (its pid gone), or by an earlier daemon of this process, is
 * taken over.
 */
export function claimDataDir(dataDir: string, startedAt: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, PRESENCE_FILE);
  const presence = `${JSON.stringify({ pid: process.pid, url: null, startedAt } satisfies DaemonPresence)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, presence, { mode: 0o644, flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw error;
    }
    const holder = runningDaemon(dataDir);
    if (holder && holder.pid !== process.pid) {
      throw hostError("DAEMON_RUNNING", `a daemon (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""}) already serves ${dataDir}; `
        + `stop it first (if no daemon runs, that pid is another process's now: delete ${file})`, { pid: holder.pid });
    }
    rmSync(file, { force: true });
  }
}

/** Written by a serving daemon once it listens (see claimDataDir), so CLI verbs that must not run beside it (addon install) can tell. */
export function writeDaemonPresence(dataDir: string, presence: DaemonPresence): void {
  writeFileSync(join(dataDir, PRESENCE_FILE), `${JSON.stringify(presence)}\n`, { mode: 0o644 });
}

/** Removed at shutdown; only this process's own file (another daemon may have replaced it). */
export function clearDaemonPresence(dataDir: string): void {
  if (readDaemonPresence(dataDir)?.pid === process.pid) rmSync(join(dataDir, PRESENCE_FILE), { force: true });
}

/** The daemon serving this data dir, if one is: a file left by a killed daemon (dead pid) does not count. */
export function runningDaemon(dataDir: string): DaemonPresence | undefined {
  const presence = readDaemonPresence(dataDir);
  if (!presence) return undefined;
  try {
    process.kill(presence.pid, 0);
    return presence;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM" ? presence : undefined;
  }
}

function readDaemonPresence(dataDir: string): DaemonPresence | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dataDir, PRESENCE_FILE), "utf8")) as DaemonPresence;
    return typeof value.pid === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}
