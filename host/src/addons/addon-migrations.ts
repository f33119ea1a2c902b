import { fork } from "node:child_process";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { MigrationAnswer, MigrationRequest } from "./apply-migrations.ts";

const MIGRATION_PATH = /^migrations\/(\d{3}_[A-Za-z0-9_-]+\.sql)$/;

/** The package's migrations by name (`001_init.sql`), in the order they run. */
export function packageMigrations(files: ReadonlyMap<string, Uint8Array>): Array<{ name: string; sql: string }> {
  const migrations: Array<{ name: string; sql: string }> = [];
  for (const [path, bytes] of files) {
    const name = MIGRATION_PATH.exec(path)?.[1];
    if (name) migrations.push({ name, sql: Buffer.from(bytes).toString("utf8") });
  }
  return migrations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How long an install waits for an addon's migrations before it stops them: they are the addon's own SQL. */
export const DEFAULT_MIGRATION_TIMEOUT_MS = 60_000;

const MIGRATION_CHILD = fileURLToPath(new URL("./migration-child.ts", import.meta.url));

/** How much of the child's stderr a failure keeps: its end, where a crash or a fatal error says why. */
const STDERR_KEPT_BYTES = 2048;

/**
 * Runs the migrations not yet applied in the addon's own database file, all in ONE
 * transaction: either every pending migration is applied or none is (a failure rolls
 * back and throws ADDON_MIGRATION_FAILED naming the file). The verifier already refused
 * any statement that could reach outside this file (ATTACH, PRAGMA, core table names).
 * They run in a child process, killed at `timeoutMs` (ADDON_MIGRATION_TIMEOUT): a running
 * SQLite statement cannot be stopped from JavaScript, and the addon's SQL may never end (a
 * recursive CTE without a bound) — on the event loop it would stop the daemon, in a worker
 * thread it would go on after terminate(). When the child ends without answering or is
 * stopped, the error's details carry the last 2 KB of its stderr (`stderr`), if it wrote
 * any. Returns the names it applied.
 */
export async function runAddonMigrations(
  dbFile: string, files: ReadonlyMap<string, Uint8Array>, applied: ReadonlySet<string>, timeoutMs = DEFAULT_MIGRATION_TIMEOUT_MS,
): Promise<string[]> {
  const pending = packageMigrations(files).filter((migration) => !applied.has(migration.name));
  if (pending.length === 0) return [];
  const child = fork(MIGRATION_CHILD, [], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
  const stderr = keepLastBytes(child.stderr!, STDERR_KEPT_BYTES);
  const childFailed = (code: "ADDON_MIGRATION_FAILED" | "ADDON_MIGRATION_TIMEOUT", message: string, details?: Record<string, unknown>) => {
    const written = stderr().trimEnd();
    return hostError(code, message, written === "" ? details : { ...details, stderr: written });
  };
  try {
    const answer = await new Promise<MigrationAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(childFailed("ADDON_MIGRATION_TIMEOUT", `the addon's migrations did not finish within ${Math.round(timeoutMs / 1000)} s; none was applied`,
          { timeoutMs }));
      }, timeoutMs);
      child.once("message", (message) => {
        clearTimeout(timer);
        resolve(message as MigrationAnswer);
      });
      // "close", not "exit": it comes once the child's stderr is read to its end.
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        reject(childFailed("ADDON_MIGRATION_FAILED", `the migration process ended (${signal ?? `exit code ${code}`}) before it answered; none was applied`));
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(childFailed("ADDON_MIGRATION_FAILED", `the migration process could not run: ${error.message}`));
      });
      child.send({ dbFile, pending } satisfies MigrationRequest);
    });
    if (!answer.ok) throw OcError.fromData(answer.error);
    return answer.applied;
  } finally {
    child.removeAllListeners();
    child.kill("SIGKILL");
  }
}

/**
 * What `stream` gave last, at most `maxBytes` (as text), kept as it comes: reading it all the
 * while also keeps a chatty child from blocking on a full pipe.
 */
function keepLastBytes(stream: Readable, maxBytes: number): () => string {
  let kept = Buffer.alloc(0);
  stream.on("data", (chunk: Buffer) => {
    const joined = Buffer.concat([kept, chunk]);
    kept = joined.length > maxBytes ? Buffer.from(joined.subarray(joined.length - maxBytes)) : joined;
  });
  return () => kept.toString("utf8");
}
