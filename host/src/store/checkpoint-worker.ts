// The checkpointer thread (see checkpointer.ts): its own connection to the store, copying
// committed WAL frames into the database file while the main thread keeps writing.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
// The store's file or nothing: a checkpointer must never create an empty database of its own.
const db = new Database(file, { fileMustExist: true });
db.pragma("busy_timeout = 0");
// PASSIVE never waits for the writer or readers: it copies what it can and tries again next tick.
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch (error) {
    // SQLITE_BUSY while another checkpoint runs (the main thread's backstop) is routine.
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
  }
}, intervalMs);

parentPort!.once("message", () => {
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
