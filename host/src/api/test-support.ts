// Helpers for the API tests: an API over an in-memory database with the real
// AlertManager, users of each role, and a small request helper.
import type { NormalizedAlert } from "@opsconductor/sdk";
import { AlertManager } from "../alerts/manager.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Role } from "../auth/roles.ts";
import { openDatabase, type Db } from "../store/database.ts";
import { iso, ManualClock } from "../util/clock.ts";
import { API_PREFIX, createApi, type Api } from "./app.ts";
import type { ApiOptions, SchedulerControl } from "./deps.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "./guard.ts";

export const PASSWORD = "correct horse battery";

export interface TestApi {
  api: Api;
  db: Db;
  clock: ManualClock;
  alerts: AlertManager;
  /** How many times onMappingsChanged was called. */
  mappingChanges: { count: number };
}

export interface TestApiOptions {
  apiOptions?: ApiOptions;
  createScheduler?: (parts: { db: Db; clock: ManualClock; alerts: AlertManager }) => SchedulerControl;
}

export function createTestApi(options: TestApiOptions = {}): TestApi {
  const db = openDatabase(":memory:");
  const clock = new ManualClock("2026-03-01T12:00:00.000Z");
  const alerts = new AlertManager(db, { clock });
  const scheduler = options.createScheduler?.({ db, clock, alerts });
  const mappingChanges = { count: 0 };
  const api = createApi({
    db, alerts, clock, scheduler, version: "9.9.9-test",
    onMappingsChanged: () => {
      mappingChanges.count += 1;
      alerts.invalidateMappings();
    },
    options: { log: () => {}, ...options.apiOptions },
  });
  return { api, db, clock, alerts, mappingChanges };
}

/** How a test request authenticates. */
export type As =
  | { session: string; csrf?: string | null }
  | { token: string }
  | undefined;

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends one request to the API in-process. `body` objects are sent as JSON. */
export async function call<T = any>(t: TestApi, method: string, path: string,
  init: { as?: As; body?: unknown; headers?: Record<string, string>; ip?: string } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...init.headers };
  const as = init.as;
  if (as && "token" in as) headers.authorization = `Bearer ${as.token}`;
  if (as && "session" in as) {
    headers.cookie = `${SESSION_COOKIE}=${as.session}`;
    if (as.csrf) headers[CSRF_HEADER] = as.csrf;
  }
  let body: string | undefined;
  // GET requests cannot carry one; the route-enumeration tests send `{}` to every route.
  if (init.body !== undefined && !["GET", "HEAD"].includes(method)) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    headers["content-type"] ??= "application/json";
  }
  const url = path.startsWith("http") ? path : `http://localhost${API_PREFIX}${path}`;
  // The node-server bindings the API reads the peer address from.
  const env = { incoming: { socket: { remoteAddress: init.ip ?? "127.0.0.1" } } };
  const response = await t.api.app.request(url, { method, headers, body }, env as never);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export interface Session {
  session: string;
  csrf: string;
}

/** The session cookie value of a Set-Cookie header. */
export function sessionCookieOf(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (match) return match[1];
  }
  return undefined;
}

export async function addUser(t: TestApi, username: string, role: Role, password = PASSWORD): Promise<number> {
  return (await t.api.services.users.create({ username, password, role })).id;
}

export async function login(t: TestApi, username: string, password = PASSWORD): Promise<Session> {
  const answer = await call(t, "POST", "/auth/login", { body: { username, password } });
  if (answer.status !== 200) throw new Error(`login of ${username} failed: ${JSON.stringify(answer.body)}`);
  return { session: sessionCookieOf(answer.headers)!, csrf: answer.body.csrfToken };
}

/** A connector row (alerts' counters reference it). */
export function seedConnector(db: Db, id: string, addonId = "opsconductor.test"): void {
  const now = iso(Date.parse("2026-03-01T00:00:00Z"));
  cachedStatement(db, "INSERT OR IGNORE INTO connectors (id, addon_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
    .run(id, addonId, id, now, now);
}

/** A problem alert, with overridable fields. */
export function problem(clock: ManualClock, fields: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    connector_type: "test", alert_type: "link_down", role: "problem", severity: "major", category: "network",
    device_ip: "10.0.0.1", device_name: "core-sw-1", title: "Link down", message: "port 1 is down",
    timestamp: iso(clock.now()), metrics: {}, raw: {}, ...fields,
  };
}
