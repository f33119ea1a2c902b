// The store reader's thread (see reader.ts): a read-only connection to the store that runs
// one query at a time and answers its value, or its error as plain data with a code.
import Database from "better-sqlite3";
import { OcError } from "@opsconductor/sdk";
import { parentPort, workerData } from "node:worker_threads";
import type { Db } from "./database.ts";
import type { ReaderMessage } from "./reader.ts";
import { READER_QUERIES, type ReaderQueryName } from "./reader-queries.ts";
import { storeErrorOf } from "./store-errors.ts";

const { file } = workerData as { file: string };
// The store's file or nothing, and never a write: WAL lets this connection read beside the writer.
const db = new Database(file, { readonly: true, fileMustExist: true }) as unknown as Db;
db.pragma("busy_timeout = 5000");

const post = (message: ReaderMessage) => parentPort!.postMessage(message);

parentPort!.on("message", ({ id, name, args }: { id: number; name: ReaderQueryName; args: unknown[] }) => {
  try {
    const query = READER_QUERIES[name] as (db: Db, ...rest: unknown[]) => unknown;
    post({ id, ok: true, value: query(db, ...args) });
  } catch (caught) {
    const error = storeErrorOf(caught) ?? caught;
    if (error instanceof OcError) {
      post({ id, ok: false, error: { code: error.code, message: error.message, details: error.details } });
    } else {
      // A bug: the caller gets the code, the daemon's log the stack (it may hold SQL or paths).
      post({ id, ok: false, error: { code: "STORE_QUERY_FAILED", message: "the query failed; the daemon's log has the details" }, stack: (caught as Error)?.stack ?? String(caught) });
    }
  }
});

post({ ready: true });
