// Test support: a real addon platform over a data dir — database file, AlertManager, Scheduler
// (with hand-driven timers, so only runNow runs jobs), the HTTP API with one user per role.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrustEntry } from "@opsconductor/sdk/node";
import { AlertManager } from "../../alerts/manager.ts";
import { API_PREFIX, createApi, type Api } from "../../api/app.ts";
import type { Role } from "../../auth/roles.ts";
import { installCoreJobs } from "../../scheduler/core-jobs.ts";
import { createJobKinds } from "../../scheduler/registry.ts";
import { Scheduler } from "../../scheduler/scheduler.ts";
import { FakeTimers } from "../../scheduler/testing.ts";
import { SecretVault } from "../../secrets/vault.ts";
import { openDatabase, type Db } from "../../store/database.ts";
import { ManualClock, systemClock } from "../../util/clock.ts";
import type { AddonLimits } from "../../runtime/types.ts";
import type { BrokerLimits } from "../../broker/core/types.ts";
import type { BuiltinAddons } from "../builtins.ts";
import { AddonPlatform } from "../platform.ts";
import { probePackage, testSigner } from "./build-package.ts";

export interface HarnessOptions {
  /** Reuse a data dir (a "restart"); default a new temp dir. */
  dataDir?: string;
  dev?: boolean;
  /** Keys to trust (added to data/trust.json if absent). */
  trust?: TrustEntry[];
  traps?: { host: string; port: number } | null;
  builtins?: BuiltinAddons | null;
  /** Overrides of the brokers' limits (timeouts, size cap, calls per operation). */
  brokerLimits?: Partial<BrokerLimits>;
  /** The addon runtimes' limits (CPU per call, memory, restart back-off), for every addon. */
  runtimeLimits?: AddonLimits;
  migrationTimeoutMs?: number;
}

export interface Harness {
  dataDir: string;
  db: Db;
  alerts: AlertManager;
  platform: AddonPlatform;
  scheduler: Scheduler;
  api: Api;
  tokens: Record<Role, string>;
  log: string[];
  close(): Promise<void>;
}

const PASSWORD = "correct horse battery";

export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "oc-addons-"));
  const db = openDatabase(join(dataDir, "opsconductor.db"));
  const clock = systemClock;
  const log: string[] = [];
  const alerts = new AlertManager(db, { clock });
  const vault = SecretVault.open(join(dataDir, "secret.key"));
  const platform = new AddonPlatform({
    db, clock, alerts, vault, dataDir, dev: options.dev ?? false, log: (line) => log.push(line),
    traps: options.traps ?? null, builtins: options.builtins ?? null, brokerLimits: options.brokerLimits,
    runtimeLimits: options.runtimeLimits, migrationTimeoutMs: options.migrationTimeoutMs,
  });
  for (const entry of options.trust ?? []) platform.trust.ensure(entry);
  const kinds = createJobKinds({ db, clock, alerts, polls: platform.polls, metrics: platform.metrics, tasks: platform.tasks });
  const scheduler = new Scheduler({ db, clock, kinds, timers: new FakeTimers(new ManualClock()), onError: (error) => log.push(`scheduler: ${String(error)}`) });
  installCoreJobs(scheduler, platform.tasks, { db, clock });
  await platform.start(scheduler);
  scheduler.start();
  const api = createApi({
    db, alerts, clock, scheduler, addons: platform, version: "test",
    onMappingsChanged: () => void platform.mappingsChanged(),
    options: { log: (line) => log.push(line) },
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ["admin", "operator", "viewer"] as const) {
    const user = api.services.users.findByName(role) ?? (await api.services.users.create({ username: role, password: PASSWORD, role }));
    tokens[role] = api.services.tokens.create(user.id, "test").token;
  }
  return {
    dataDir, db, alerts, platform, scheduler, api, tokens, log,
    async close() {
      await scheduler.stop();
      await platform.close();
      db.close();
    },
  };
}

/**
 * A harness with the probe addon (acme.probe, signed by a community key it trusts) installed
 * over the API: where most connector tests start.
 */
export async function createProbeHarness(options: HarnessOptions = {}): Promise<Harness> {
  const signer = testSigner(["acme."], "community");
  const h = await createHarness({ ...options, trust: [...(options.trust ?? []), signer.entry] });
  const installed = await request(h, "POST", "/addons/install", { body: await probePackage(signer) });
  if (installed.status !== 201) {
    await h.close();
    throw new Error(`the probe addon did not install: ${JSON.stringify(installed.body)}`);
  }
  return h;
}

export interface Answer<T = any> {
  status: number;
  body: T;
}

/** One API request in-process; objects are sent as JSON, a Buffer as application/zip. */
export async function request<T = any>(h: Harness, method: string, path: string,
  init: { as?: Role | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  const as = init.as === undefined ? "admin" : init.as;
  if (as) headers.authorization = `Bearer ${h.tokens[as]}`;
  let body: BodyInit | undefined;
  if (Buffer.isBuffer(init.body)) {
    body = new Uint8Array(init.body);
    headers["content-type"] ??= "application/zip";
  } else if (init.body !== undefined) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await h.api.app.request(`http://localhost${API_PREFIX}${path}`, { method, headers, body },
    { incoming: { socket: { remoteAddress: "127.0.0.1" } } } as never);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
