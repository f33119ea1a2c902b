import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PRESENCE_FILE = "daemon.json";

export interface DaemonPresence {
  pid: number;
  url: string;
  startedAt: string;
}

/** Written by a serving daemon, so CLI verbs that must not run beside it (addon install) can tell. */
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
