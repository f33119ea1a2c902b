import { Worker } from "node:worker_threads";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { Db } from "./database.ts";
import { READER_QUERIES, type ReaderArgs, type ReaderQueryName, type ReaderResult } from "./reader-queries.ts";

export interface StoreReaderOptions {
  /**
   * A query not answered this long after it was asked (waiting included; a thread's start-up
   * not) is answered STORE_QUERY_TIMEOUT; one running then is stopped (see startReader). Default 20 s.
   */
  timeoutMs?: number;
  /** Queries that may wait for the thread; one more is refused at once (STORE_SEARCHES_BUSY, Retry-After). Default 64. */
  maxWaiting?: number;
  /** Where a query's unexpected failure is logged (its caller gets only its code). Default: console.error. */
  log?: (line: string) => void;
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
  timer?: NodeJS.Timeout;
  id?: number;
}

/** What the reader thread posts: that it is ready, or a query's outcome (its error as plain data). */
export type ReaderMessage =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string; details?: Record<string, unknown> }; stack?: string };

/**
 * Runs the API's scanning reads off the event loop. A search of a large alert table (a text
 * that matches nothing reads every row: half a second at a million alerts) used to run on
 * the thread that serves every request and ingests every alert, which stood still meanwhile.
 * Here a worker thread with a read-only connection (WAL: it reads beside the writer, and sees
 * every commit made before the query began) runs them one at a time, in arrival order.
 *
 * A query's time counts from when it was asked, so waiting behind others counts too. One
 * still running when its time is up is answered STORE_QUERY_TIMEOUT at once, but SQLite
 * cannot be interrupted from outside: the thread is told to stop and ends when the statement
 * returns, and no other thread is started (nor query run) until it has, so searches never
 * run two at a time. An in-memory store cannot be shared with a thread: its queries run inline.
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
  const log = options.log ?? ((line: string) => console.error(line));
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let ready = false;
  // A thread told to stop that has not ended yet: nothing starts or runs until it has.
  let stopping: Worker | undefined;
  let current: Pending | undefined;
  let nextId = 1;
  let closed = false;

  const settle = (pending: Pending, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => {
    clearTimeout(pending.timer);
    if (outcome.ok) pending.resolve(outcome.value);
    else pending.reject(outcome.error);
  };
  const finishCurrent = (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => {
    const done = current!;
    current = undefined;
    settle(done, outcome);
    dispatch();
  };
  const stopWorker = () => {
    const old = worker;
    worker = undefined;
    ready = false;
    if (!old) return;
    stopping = old;
    old.unref();
    void old.terminate();
  };
  const start = () => {
    const started = new Worker(new URL("./reader-worker.ts", import.meta.url), { workerData: { file: db.name } });
    started.on("message", (message: ReaderMessage) => {
      if (started !== worker) return;
      if ("ready" in message) {
        ready = true;
        // A thread's start (loading its modules, opening the store) is not the queries' time.
        for (const waiting of queue) rearm(waiting);
        return dispatch();
      }
      if (message.id !== current?.id) return;
      if (message.ok) return finishCurrent({ ok: true, value: message.value });
      if (message.stack) log(`store reader: ${current.name} failed: ${message.stack}`);
      finishCurrent({ ok: false, error: new OcError(message.error.code, message.error.message, message.error.details) });
    });
    const failed = (reason: string) => {
      if (started === stopping) {
        stopping = undefined;
        return dispatch();
      }
      if (started !== worker) return;
      const wasReady = ready;
      worker = undefined;
      ready = false;
      log(`store reader: the thread stopped (${reason})`);
      if (current) return finishCurrent({ ok: false, error: hostError("STORE_QUERY_FAILED", "the store reader stopped during the query") });
      // It never opened the store: the queries waiting would only start another that fails the same way.
      if (!wasReady) {
        for (const waiting of queue.splice(0)) settle(waiting, { ok: false, error: hostError("STORE_QUERY_FAILED", `the store reader could not start (${reason})`) });
      }
      dispatch();
    };
    started.on("error", (error) => failed(error.message));
    started.on("exit", (code) => failed(`exit ${code}`));
    return started;
  };
  const rearm = (pending: Pending) => {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => timedOut(pending), timeoutMs);
  };
  const timedOut = (pending: Pending) => {
    if (pending === current) {
      current = undefined;
      stopWorker();
      settle(pending, { ok: false, error: hostError("STORE_QUERY_TIMEOUT", `the query ran past ${timeoutMs / 1000} s and was stopped; narrow the filters`) });
      return;
    }
    queue.splice(queue.indexOf(pending), 1);
    settle(pending, { ok: false, error: hostError("STORE_QUERY_TIMEOUT", `the query waited ${timeoutMs / 1000} s behind others; try again`) });
  };
  const dispatch = () => {
    if (current || closed || stopping || queue.length === 0) {
      if (!current) worker?.unref();
      return;
    }
    worker ??= start();
    // Busy, it keeps the process alive for its answer; idle, it must not.
    worker.ref();
    if (!ready) return;
    current = queue.shift()!;
    current.id = nextId++;
    worker.postMessage({ id: current.id, name: current.name, args: current.args });
  };

  return {
    query(name, ...args) {
      if (closed) return Promise.reject(hostError("STORE_QUERY_FAILED", "the store reader is closed"));
      // Searches a second long each, sent faster than that, would otherwise queue without bound.
      if (queue.length >= maxWaiting) {
        return Promise.reject(hostError("STORE_SEARCHES_BUSY", `${maxWaiting} searches are waiting already: try again shortly`, { retryAfterSeconds: 1 }));
      }
      return new Promise((resolve, reject) => {
        const pending: Pending = { name, args, resolve: resolve as (value: unknown) => void, reject };
        // While a thread starts, the clock waits (it starts for everyone queued once the thread is ready).
        if (ready || stopping) rearm(pending);
        queue.push(pending);
        dispatch();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      const closedError = () => ({ ok: false as const, error: hostError("STORE_QUERY_FAILED", "the store reader is closed") });
      for (const waiting of queue.splice(0)) settle(waiting, closedError());
      if (current) {
        settle(current, closedError());
        current = undefined;
      }
      const running = worker;
      worker = undefined;
      // A thread still in a statement ends when it returns: unreferenced, it does not hold the process.
      stopping?.unref();
      await running?.terminate();
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
