// Every endpoint declares the least role it needs; this test walks the whole route
// table and proves each one refuses an anonymous caller (401) and every role below
// its own (403), and that no handler reached the app without passing through the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { ROLES, type Role } from "../auth/roles.ts";
import type { ApiEnv } from "./env.ts";
import { API_PREFIX } from "./app.ts";
import type { MountedRoute } from "./routing.ts";
import { addUser, call, createTestApi, login, type Session, type TestApi } from "./test-support.ts";

/** The only endpoints anyone may call without credentials (a webhook delivery proves itself with its instance's token). */
const PUBLIC_ROUTES = ["GET /api/v1/healthz", "POST /api/v1/auth/login", "POST /api/v1/webhooks/:connectorId"];

const describe = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;

/** A concrete URL for a route pattern: every :param names nothing that exists, so no handler changes a test user. */
function concrete(path: string): string {
  return path.slice(API_PREFIX.length).replace(/:\w+/g, "999999");
}

/** Routes Hono will dispatch to, minus the app-wide middleware. */
function dispatchedRoutes(app: Hono<ApiEnv>): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`))].sort();
}

/** Handlers registered on the app that did not come through the guarded route table. */
function unguarded(app: Hono<ApiEnv>, table: readonly MountedRoute[]): string[] {
  const declared = new Set(table.map(describe));
  return dispatchedRoutes(app).filter((route) => !declared.has(route));
}

async function withUsers(): Promise<{ t: TestApi; tokens: Record<Role, string>; sessions: Record<Role, Session> }> {
  const t = createTestApi();
  const tokens = {} as Record<Role, string>;
  const sessions = {} as Record<Role, Session>;
  for (const role of ROLES) {
    const id = await addUser(t, `${role}-user`, role);
    tokens[role] = t.api.services.tokens.create(id, "test").token;
    sessions[role] = await login(t, `${role}-user`);
  }
  return { t, tokens, sessions };
}

test("the route table covers the API of DESIGN §6 and only healthz, login and webhook deliveries are public", () => {
  const { api } = createTestApi();
  assert.ok(api.routes.length >= 30, `expected the full API, found ${api.routes.length} routes`);
  assert.deepEqual(api.routes.filter((r) => r.access === "public").map(describe).sort(), PUBLIC_ROUTES);
  for (const expected of [
    "GET /api/v1/alerts", "POST /api/v1/alerts/:id/acknowledge", "GET /api/v1/alerts/stream", "POST /api/v1/users",
    "PUT /api/v1/mappings/dedup/:id", "GET /api/v1/scheduler/runs", "PUT /api/v1/devices/:id", "POST /api/v1/devices/:id/refresh", "POST /api/v1/auth/tokens",
    "GET /api/v1/addons", "POST /api/v1/addons/install", "POST /api/v1/addons/:id/rollback", "DELETE /api/v1/addons/:id",
    "GET /api/v1/addons/:id/config-schema", "POST /api/v1/connectors", "PUT /api/v1/connectors/:id", "POST /api/v1/connectors/:id/test",
    "POST /api/v1/connectors/:id/poll",
  ]) {
    assert.ok(api.routes.some((r) => describe(r) === expected), `${expected} is missing`);
  }
});

test("every handler on the app is a declared (hence guarded) route", () => {
  const { api } = createTestApi();
  assert.deepEqual(unguarded(api.app, api.routes), []);
});

test("the unguarded-route check catches a handler registered around the table", () => {
  const { api } = createTestApi();
  api.app.get(`${API_PREFIX}/sneaky`, (c) => c.json({ secrets: true }));
  assert.deepEqual(unguarded(api.app, api.routes), [`GET ${API_PREFIX}/sneaky`]);
});

test("every non-public route refuses an unauthenticated request with 401 AUTH_REQUIRED", async () => {
  const { t } = await withUsers();
  for (const route of t.api.routes.filter((r) => r.access !== "public")) {
    const answer = await call(t, route.method.toUpperCase(), concrete(route.path), { body: {} });
    assert.equal(answer.status, 401, `${describe(route)} answered ${answer.status}`);
    assert.equal(answer.body.error.code, "AUTH_REQUIRED", describe(route));
  }
});

test("every route refuses each role below its own with 403 AUTH_FORBIDDEN, by token and by session", async () => {
  const { t, tokens, sessions } = await withUsers();
  let checked = 0;
  for (const route of t.api.routes.filter((r) => r.access !== "public")) {
    const below = ROLES.slice(0, ROLES.indexOf(route.access as Role));
    for (const role of below) {
      for (const as of [{ token: tokens[role] }, sessions[role]]) {
        const answer = await call(t, route.method.toUpperCase(), concrete(route.path), { as, body: {} });
        assert.equal(answer.status, 403, `${describe(route)} let a ${role} through (${answer.status})`);
        assert.equal(answer.body.error.code, "AUTH_FORBIDDEN", describe(route));
        checked++;
      }
    }
  }
  assert.ok(checked > 40, `only ${checked} refusals checked`);
});

test("every route admits its own role (whatever the handler then says, it is not an auth error)", async () => {
  const { t, tokens } = await withUsers();
  for (const route of t.api.routes.filter((r) => r.access !== "public" && !r.path.endsWith("/stream"))) {
    const answer = await call(t, route.method.toUpperCase(), concrete(route.path), { as: { token: tokens[route.access as Role] }, body: {} });
    assert.ok(![401, 403].includes(answer.status), `${describe(route)} refused its own role: ${JSON.stringify(answer.body)}`);
  }
});

test("every cookie-authenticated mutation without the CSRF token is refused with 403 AUTH_CSRF_INVALID", async () => {
  const { t, sessions } = await withUsers();
  for (const route of t.api.routes.filter((r) => r.access !== "public" && r.method !== "get")) {
    const answer = await call(t, route.method.toUpperCase(), concrete(route.path), { as: { session: sessions.admin.session }, body: {} });
    assert.equal(answer.status, 403, describe(route));
    assert.equal(answer.body.error.code, "AUTH_CSRF_INVALID", describe(route));
  }
});

/** The access policy of DESIGN §6, stated independently of the route table so a downgraded route shows. */
function expectedAccess(route: MountedRoute): string {
  const path = route.path.slice(API_PREFIX.length);
  if (PUBLIC_ROUTES.includes(describe(route))) return "public";
  if (path.startsWith("/users")) return "admin";
  if (path.startsWith("/mappings/") && route.method !== "get") return "admin";
  if (path.startsWith("/addons") && route.method !== "get") return "admin";
  if (/^\/(alerts|devices|scheduler|connectors)\//.test(path) && route.method !== "get") return "operator";
  if (path === "/connectors" && route.method !== "get") return "operator";
  return "viewer";
}

test("each route's declared role matches the access policy (admin: users, mapping and addon writes; operator: alert, device, job and connector actions)", () => {
  const { api } = createTestApi();
  const mismatches = api.routes
    .filter((route) => route.access !== expectedAccess(route))
    .map((route) => `${describe(route)} is ${route.access}, policy says ${expectedAccess(route)}`);
  assert.deepEqual(mismatches, []);
});
