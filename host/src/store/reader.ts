import { Worker } from "node:worker_threads";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { Db } from "./database.ts";
import { READER_QUERIES, type ReaderArgs, type ReaderQueryName, type ReaderResult } from "./reader-queries.ts";

export interface StoreReaderOptions {
  /** A query still running after this long is stopped (its thread is replaced): STORE_QUERY_TIMEOUT. Default 20 s. */
  timeoutMs?: number;
  /** Queries that may wait for the thread; one more is refused at once (STORE_BUSY, Retry-After). Default 64. */
  maxWaiting?: number;
}

export interface StoreReader {
  /** Runs a read-only query (reader-queries.ts); its errors keep their codes. */
  query<Name extends ReaderQueryName>(name: Name, ...args: ReaderArgs<Name>): Promise<ReaderResult<Name>>;
  /** Stops the thread; queries after this fail with STORE_QUERY_FAILED. Idempotent. */
  close(): Promise<void>;
}

interface Pending {
  name: ReaderQueryName;
  args: unknown[];
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs the API's scanning reads off the event loop. A search of a large alert table (a text
 * that matches nothing reads every row: half a second at a million alerts) used to run on
 * the thread that serves every request and ingests every alert, which stood still meanwhile.
 * Here a worker thread with a read-only connection (WAL: it reads beside the writer, and sees
 * every commit made before the query began) runs them one at a time, in arrival order; one
 * that runs too long is stopped by replacing the thread. An in-memory store cannot be shared
 * with a thread: its queries run inline.
 *
 * @example
 * const reader = startReader(db);
 * const page = await reader.query("listAlerts", { text: "ups", limit: 50 });
 * await reader.close();
 */
export function startReader(db: Db, options: StoreReaderOptions = {}): StoreReader {
  if (db.memory) return inlineReader(db);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const maxWaiting = options.maxWaiting ?? 64;
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let current: (Pending & { id: number; timer: NodeJS.Timeout }) | undefined;
  let nextId = 1;
  let closed = false;

  const finish = (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => {
    const done = current!;
    clearTimeout(done.timer);
    current = undefined;
    if (outcome.ok) done.resolve(outcome.value);
    else done.reject(outcome.error);
    dispatch();
  };
  const replaceWorker = () => {
    const old = worker;
    worker = undefined;
    void old?.terminate();
  };
  const start = () => {
    const started = new Worker(new URL("./reader-worker.ts", import.meta.url), { workerData: { file: db.name } });
    // Idle, it must not keep the process alive.
    started.unref();
    started.on("message", (message: { id: number; ok: boolean; value?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } }) => {
      if (started !== worker || message.id !== current?.id) return;
      finish(message.ok ? { ok: true, value: message.value } : { ok: false, error: new OcError(message.error!.code, message.error!.message, message.error!.details) });
    });
    const failed = (reason: string) => {
      if (started !== worker) return;
      worker = undefined;
      if (current) finish({ ok: false, error: hostError("STORE_QUERY_FAILED", `the store reader stopped: ${reason}`) });
    };
    started.on("error", (error) => failed(error.message));
    started.on("exit", (code) => failed(`exit ${code}`));
    return started;
  };
  const dispatch = () => {
    if (current || closed) return;
    const next = queue.shift();
    if (!next) {
      worker?.unref();
      return;
    }
    worker ??= start();
    worker.ref();
    const id = nextId++;
    const timer = setTimeout(() => {
      replaceWorker();
      finish({ ok: false, error: hostError("STORE_QUERY_TIMEOUT", `the query ran longer than ${timeoutMs / 1000} s and was stopped; narrow the filters`) });
    }, timeoutMs);
    current = { ...next, id, timer };
    worker.postMessage({ id, name: next.name, args: next.args });
  };

  return {
    query(name, ...args) {
      if (closed) return Promise.reject(hostError("STORE_QUERY_FAILED", "the store reader is closed"));
      // Searches a second long each, sent faster than that, would otherwise queue without bound.
      if (queue.length >= maxWaiting) {
        return Promise.reject(hostError("STORE_BUSY", `${maxWaiting} searches are waiting already: try again shortly`, { retryAfterSeconds: 1 }));
      }
      return new Promise((resolve, reject) => {
        queue.push({ name, args, resolve: resolve as (value: unknown) => void, reject });
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const waiting of queue.splice(0)) waiting.reject(hostError("STORE_QUERY_FAILED", "the store reader is closed"));
      if (current) finish({ ok: false, error: hostError("STORE_QUERY_FAILED", "the store reader is closed") });
      const stopping = worker;
      worker = undefined;
      await stopping?.terminate();
    },
  };
}

/** The same queries on the caller's connection (an in-memory store, which a thread cannot open). */
function inlineReader(db: Db): StoreReader {
  return {
    async query(name, ...args) {
      const query = READER_QUERIES[name] as (db: Db, ...rest: unknown[]) => ReaderResult<typeof name>;
      return query(db, ...args);
    },
    async close() {},
  };
}
