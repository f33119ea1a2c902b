import { Worker } from "node:worker_threads";
import type { Db } from "./database.ts";

export interface CheckpointerOptions {
  /** How often the thread checkpoints, in ms (default 250). */
  intervalMs?: number;
  /**
   * WAL pages after which the main connection checkpoints by itself anyway, should the
   * thread fall behind or die (default 16,384 pages: 64 MiB).
   */
  backstopPages?: number;
  /** Where a failure of the thread is reported (default: console.error). */
  log?: (line: string) => void;
}

export interface Checkpointer {
  /** Stops the thread and closes its connection; call before closing the store. Idempotent. */
  close(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the writing thread. With SQLite's default, the commit that
 * grows the WAL past 1,000 pages copies them all into the database file and syncs it,
 * inside the ingest path; under sustained ingest that was a third of its time. Here a
 * worker thread with its own connection runs passive checkpoints, which never block the
 * writer (WAL mode), on the second core. The main connection keeps a high auto-checkpoint
 * as a backstop, so the WAL stays bounded even if the thread stops.
 *
 * @example
 * const db = openDatabase(file);
 * const checkpointer = startCheckpointer(db);
 * // ... at shutdown:
 * await checkpointer.close();
 * db.close();
 */
export function startCheckpointer(db: Db, options: CheckpointerOptions = {}): Checkpointer {
  if (db.memory) return { close: async () => {} };
  const log = options.log ?? ((line: string) => console.error(line));
  db.pragma(`wal_autocheckpoint = ${options.backstopPages ?? 16_384}`);
  // After a burst the WAL file is truncated back to this size once checkpointed.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const worker = new Worker(new URL("./checkpoint-worker.ts", import.meta.url), {
    workerData: { file: db.name, intervalMs: options.intervalMs ?? 250 },
  });
  // The daemon must not stay alive for the checkpointer's sake.
  worker.unref();
  let stopped = false;
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.on("error", (error) => {
    if (stopped || !db.open) return;
    log(`store: the WAL checkpointer stopped (${error.message}); the store checkpoints on commit instead`);
    db.pragma("wal_autocheckpoint = 1000");
  });
  return {
    async close() {
      if (stopped) return exited;
      stopped = true;
      // Unreferenced, the thread's exit alone would not keep the process waiting for it.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
