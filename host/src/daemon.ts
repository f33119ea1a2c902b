import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import type { BuiltinAddons } from "./addons/builtins.ts";
import type { AddonPlatform } from "./addons/platform.ts";
import type { AddonScheduler } from "./addons/schedules.ts";
import type { AlertSink } from "./alerts/types.ts";
import { createApi, type Api } from "./api/app.ts";
import { UserStore } from "./auth/users.ts";
import { DATABASE_FILE } from "./cli/store.ts";
import type { DaemonConfig } from "./config/schema.ts";
import { hostError } from "./errors.ts";
import { SecretVault } from "./secrets/vault.ts";
import { startCheckpointer, type Checkpointer } from "./store/checkpointer.ts";
import { startReader, type StoreReader } from "./store/reader.ts";
import { openDatabase, type Db } from "./store/database.ts";
import { systemClock, type Clock } from "./util/clock.ts";
import { defaultWiring } from "./daemon-wiring.ts";
import { claimDataDir, clearDaemonPresence, writeDaemonPresence } from "./daemon-presence.ts";

const HOST_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_UI_DIR = join(HOST_ROOT, "..", "ui", "dist");
/** In-flight requests get this long after SIGTERM before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export const HOST_VERSION = (JSON.parse(readFileSync(join(HOST_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The scheduler as the daemon drives it: started after the API is up, stopped first on shutdown; the addon platform keeps its jobs. */
export interface DaemonScheduler extends AddonScheduler {
  start(): unknown;
  stop(): Promise<void>;
  stuckKeys(): readonly string[];
}

/** What the daemon is built from besides the store and the API; each piece comes from its own module. */
export interface DaemonWiring {
  createAlerts(parts: { db: Db; clock: Clock; config: DaemonConfig }): AlertSink;
  /** Addons, connectors, webhooks, traps. Undefined: none of them (those routes answer ADDONS_UNAVAILABLE). */
  createAddons?(parts: {
    db: Db; clock: Clock; alerts: AlertSink; vault: SecretVault; config: DaemonConfig; log: (line: string) => void; builtins: BuiltinAddons | null;
  }): AddonPlatform | undefined;
  /** Undefined: run without a scheduler (no polling; POST /scheduler/jobs/:key/run answers SCHEDULER_UNAVAILABLE). */
  createScheduler?(parts: {
    db: Db; clock: Clock; alerts: AlertSink; vault: SecretVault; config: DaemonConfig; addons: AddonPlatform | undefined;
  }): DaemonScheduler | undefined;
}

export interface DaemonOptions {
  wiring?: Partial<DaemonWiring>;
  clock?: Clock;
  /** One line per event worth an operator's eye; default stdout. */
  log?: (line: string) => void;
  /** Built UI to serve; default ui/dist when it holds an index.html. null: API only. */
  uiDir?: string | null;
  /** Signed built-in addons to install or upgrade at start (`opsconductor start` passes the repository's build/addons). Default none. */
  builtinAddons?: BuiltinAddons | null;
}

export interface Daemon {
  config: DaemonConfig;
  /** The base URL, with the port actually bound (port 0 picks one). */
  url: string;
  port: number;
  api: Api;
  /** The addon platform (undefined when the wiring has none). */
  addons: AddonPlatform | undefined;
  /** Graceful: stop accepting, end SSE streams, stop the scheduler, finish requests, close the store. Idempotent. */
  close(): Promise<void>;
}

/** Opens the data directory and serves the API (and the UI) on config.host:config.port. */
export async function startDaemon(config: DaemonConfig, options: DaemonOptions = {}): Promise<Daemon> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? systemClock;
  const wiring = { ...defaultWiring, ...options.wiring };
  claimDataDir(config.dataDir, new Date(clock.now()).toISOString());
  let db: Db;
  let checkpointer: Checkpointer;
  try {
    db = openDatabase(join(config.dataDir, DATABASE_FILE));
    try {
      checkpointer = startCheckpointer(db, { log });
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    clearDaemonPresence(config.dataDir);
    throw error;
  }
  let addons: AddonPlatform | undefined;
  let reader: StoreReader | undefined;
  try {
    const vault = SecretVault.open(join(config.dataDir, "secret.key"));
    const alerts = wiring.createAlerts({ db, clock, config });
    addons = wiring.createAddons?.({ db, clock, alerts, vault, config, log, builtins: options.builtinAddons ?? null });
    const scheduler = wiring.createScheduler?.({ db, clock, alerts, vault, config, addons });
    // Re-verify and load the installed addons (and the built-ins) before anything polls.
    await addons?.start(scheduler);
    const platform = addons;
    const uiDir = options.uiDir === undefined ? DEFAULT_UI_DIR : options.uiDir;
    reader = startReader(db, { log });
    const api = createApi({
      db, alerts, clock, scheduler, addons, reader, version: HOST_VERSION,
      onMappingsChanged: () => {
        if (!platform) return alerts.invalidateMappings();
        platform.mappingsChanged().catch((error: unknown) => log(`addons: mapping refresh failed: ${(error as Error).message}`));
      },
      options: { uiDir: uiDir && existsSync(join(uiDir, "index.html")) ? uiDir : undefined, log, metrics: config.metrics ?? false,
        trustProxy: config.trustProxy ?? false },
    });
    const server = await listen(api, config);
    scheduler?.start();
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
    writeDaemonPresence(config.dataDir, { pid: process.pid, url, startedAt: new Date(clock.now()).toISOString() });
    log(`opsconductor ${HOST_VERSION} listening on ${url} (data: ${config.dataDir}${config.dev ? ", dev mode" : ""})`);
    if (new UserStore(db, clock).count() === 0) {
      // The data dir in full: the command is run from anywhere, and a store in another directory is not this one's.
      log(`No users yet. Create the first admin (it asks for the password twice) with:\n  ./opsconductor user add admin --role admin --data ${shellQuoted(resolve(config.dataDir))}`);
    }
    let closing: Promise<void> | undefined;
    const store = { db, checkpointer, reader };
    const close = () => (closing ??= shutdown(server, api, scheduler, platform, store, config.dataDir));
    return { config, url, port, api, addons, close };
  } catch (error) {
    try {
      await addons?.close().catch(() => {});
      await reader?.close();
      await checkpointer.close();
      db.close();
    } finally {
      clearDaemonPresence(config.dataDir);
    }
    throw error;
  }
}

/**
 * Connections the kernel may hold for us before we accept them. Node asks for 511: a burst of
 * senders (hundreds of webhook connections at once) overflowed it, and the connections it
 * dropped were reset mid-request. Linux caps it at net.core.somaxconn (4096 by default).
 */
const LISTEN_BACKLOG = 4096;

function listen(api: Api, config: DaemonConfig): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createAdaptorServer({ fetch: api.fetch }) as Server;
    server.listen({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG });
    server.once("listening", () => resolve(server));
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(hostError("DAEMON_LISTEN_FAILED", `cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}`, undefined, error));
    });
  });
}

async function shutdown(server: Server, api: Api, scheduler: DaemonScheduler | undefined, addons: AddonPlatform | undefined,
  store: { db: Db; checkpointer: Checkpointer; reader: StoreReader }, dataDir: string): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  api.close();
  server.closeIdleConnections();
  await scheduler?.stop();
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)));
  await Promise.race([closed, graceOver]);
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
  try {
    await addons?.close();
    await store.reader.close();
    await store.checkpointer.close();
    store.db.close();
  } finally {
    // Last: until the store is closed, this daemon still holds the data dir.
    clearDaemonPresence(dataDir);
  }
}

/** Resolves once the daemon has shut down after the first SIGINT/SIGTERM; a second signal exits at once. */
export function closeOnSignals(daemon: Daemon, log: (line: string) => void = (line) => console.log(line)): Promise<void> {
  return new Promise((resolve, reject) => {
    const forceExit = () => process.exit(1);
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
      process.once("SIGINT", forceExit).once("SIGTERM", forceExit);
      log(`opsconductor: ${signal}, shutting down`);
      daemon.close().then(() => {
        process.off("SIGINT", forceExit).off("SIGTERM", forceExit);
        log("opsconductor: stopped");
        resolve();
      }, reject);
    };
    process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  });
}

/** A path as a POSIX shell reads it back: bare when plain, else in single quotes. */
function shellQuoted(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
