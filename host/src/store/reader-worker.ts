// The store reader's thread (see reader.ts): a read-only connection to the store that runs
// one query at a time and answers its value, or its error as plain data with a code.
import Database from "better-sqlite3";
import { OcError } from "@opsconductor/sdk";
import { parentPort, workerData } from "node:worker_threads";
import type { Db } from "./database.ts";
import { READER_QUERIES, type ReaderQueryName } from "./reader-queries.ts";

const { file } = workerData as { file: string };
// The store's file or nothing, and never a write: WAL lets this connection read beside the writer.
const db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as Db;
db.pragma("busy_timeout = 5000");

parentPort!.on("message", ({ id, name, args }: { id: number; name: ReaderQueryName; args: unknown[] }) => {
  try {
    const query = READER_QUERIES[name] as (db: Db, ...rest: unknown[]) => unknown;
    parentPort!.postMessage({ id, ok: true, value: query(db, ...args) });
  } catch (error) {
    const data = error instanceof OcError
      ? { code: error.code, message: error.message, details: error.details }
      : { code: "STORE_QUERY_FAILED", message: (error as Error)?.message ?? String(error) };
    parentPort!.postMessage({ id, ok: false, error: data });
  }
});
