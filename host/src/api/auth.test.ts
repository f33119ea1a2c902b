import { test } from "node:test";
import assert from "node:assert/strict";
import { cachedPluck, cachedStatement } from "../store/statements.ts";
import { SESSION_COOKIE } from "./guard.ts";
import { addUser, call, createTestApi, login, PASSWORD, sessionCookieOf, type TestApi } from "./test-support.ts";

async function setup(): Promise<TestApi> {
  const t = createTestApi();
  await addUser(t, "alice", "operator");
  return t;
}

test("login sets an HttpOnly SameSite=Strict session cookie and returns the user and a CSRF token", async () => {
  const t = await setup();
  const answer = await call(t, "POST", "/auth/login", { body: { username: "alice", password: PASSWORD } });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.user.username, "alice");
  assert.equal(answer.body.user.role, "operator");
  assert.equal(answer.body.user.password_hash, undefined);
  assert.match(answer.body.csrfToken, /^[\w-]{40,}$/);
  const cookie = answer.headers.getSetCookie().find((line) => line.startsWith(`${SESSION_COOKIE}=`))!;
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /Path=\//);
  assert.doesNotMatch(cookie, /Secure/, "plain http: a Secure cookie would never come back");

  const me = await call(t, "GET", "/auth/me", { as: { session: sessionCookieOf(answer.headers)! } });
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, "alice");
  assert.equal(me.body.csrfToken, answer.body.csrfToken);
});

test("over https the session cookie is Secure", async () => {
  const t = await setup();
  const answer = await call(t, "POST", "https://ops.example/api/v1/auth/login", { body: { username: "alice", password: PASSWORD } });
  assert.equal(answer.status, 200);
  assert.match(answer.headers.getSetCookie().join("\n"), /Secure/);
});

test("the session cookie is stored only as its sha256", async () => {
  const t = await setup();
  const { session } = await login(t, "alice");
  const ids = cachedPluck(t.db, "SELECT id FROM sessions").all() as string[];
  assert.equal(ids.length, 1);
  assert.notEqual(ids[0], session);
  assert.match(ids[0]!, /^[0-9a-f]{64}$/);
});

test("a wrong password and an unknown user both answer AUTH_INVALID_CREDENTIALS", async () => {
  const t = await setup();
  const wrong = await call(t, "POST", "/auth/login", { body: { username: "alice", password: "not the password" } });
  const unknown = await call(t, "POST", "/auth/login", { body: { username: "mallory", password: PASSWORD } });
  for (const answer of [wrong, unknown]) {
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error.code, "AUTH_INVALID_CREDENTIALS");
    assert.equal(answer.headers.getSetCookie().length, 0);
  }
  const failed = cachedPluck(t.db, "SELECT actor FROM audit_log WHERE action = 'auth.login.failed' ORDER BY id").all();
  assert.deepEqual(failed, ["alice", "mallory"]);
});

test("after 5 failures a username+ip is locked out with AUTH_THROTTLED and Retry-After, growing exponentially", async () => {
  const t = await setup();
  const attempt = (password: string, ip = "192.0.2.1") =>
    call(t, "POST", "/auth/login", { body: { username: "alice", password }, ip });
  for (let i = 0; i < 5; i++) assert.equal((await attempt("wrong password")).status, 401);

  const locked = await attempt(PASSWORD);
  assert.equal(locked.status, 429, "even the right password is refused while locked");
  assert.equal(locked.body.error.code, "AUTH_THROTTLED");
  assert.equal(locked.headers.get("retry-after"), "30");

  assert.equal((await attempt(PASSWORD, "192.0.2.99")).status, 200, "another address is not locked out");

  t.clock.advance(30_000);
  assert.equal((await attempt("wrong again")).status, 401);
  const second = await attempt(PASSWORD);
  assert.equal(second.status, 429);
  assert.equal(second.headers.get("retry-after"), "60", "the lockout doubles");

  t.clock.advance(60_000);
  assert.equal((await attempt(PASSWORD)).status, 200);
  assert.equal((await attempt("wrong password")).status, 401, "a success forgets the failures");
});

test("a locked-out guesser's refusals are audited once per lockout, not once per request", async () => {
  const t = await setup();
  const attempt = (password: string) => call(t, "POST", "/auth/login", { body: { username: "alice", password }, ip: "192.0.2.7" });
  for (let i = 0; i < 5; i++) await attempt("wrong password");
  for (let i = 0; i < 200; i++) assert.equal((await attempt("guess")).status, 429);
  t.clock.advance(30_000);
  assert.equal((await attempt("wrong again")).status, 401, "the lock is over: one more guess, checked and failed");
  for (let i = 0; i < 50; i++) assert.equal((await attempt("guess")).status, 429);
  const rows = cachedPluck(t.db, "SELECT action FROM audit_log WHERE actor = 'alice' ORDER BY id").all();
  assert.deepEqual(rows, [...Array(5).fill("auth.login.failed"), "auth.login.throttled", "auth.login.failed", "auth.login.throttled"]);
  const details = cachedPluck(t.db, "SELECT details_json FROM audit_log WHERE action = 'auth.login.throttled' ORDER BY id").all() as string[];
  assert.deepEqual(details.map((json) => JSON.parse(json)), [{ retry_after_s: 30, scope: "username" }, { retry_after_s: 60, scope: "username" }]);
});

test("an address cycling usernames is locked out on all of them, and the lockout is audited once", async () => {
  const t = await setup();
  const attempt = (username: string, password = "a wrong password") =>
    call(t, "POST", "/auth/login", { body: { username, password }, ip: "203.0.113.9" });
  for (let i = 0; i < 20; i++) assert.equal((await attempt(`made-up-${i}`)).status, 401);
  const locked = await attempt("alice", PASSWORD);
  assert.equal(locked.status, 429, "a username it never tried is locked too, even with the right password");
  assert.equal(locked.body.error.code, "AUTH_THROTTLED");
  for (let i = 20; i < 40; i++) assert.equal((await attempt(`made-up-${i}`)).status, 429);
  const throttled = cachedStatement(t.db, "SELECT actor, details_json FROM audit_log WHERE action = 'auth.login.throttled'").all() as Record<string, string>[];
  assert.deepEqual(throttled.map((row) => [row.actor, JSON.parse(row.details_json!)]), [["alice", { retry_after_s: 30, scope: "address" }]]);
  assert.equal((await call(t, "POST", "/auth/login", { body: { username: "alice", password: PASSWORD }, ip: "198.51.100.1" })).status, 200);
});

test("failed logins are audited up to 20 per address an hour, then one row says the rest are not", async () => {
  const t = createTestApi({ apiOptions: { throttle: { addressFreeFailures: 1_000 } } });
  const attempt = (username: string, ip = "203.0.113.9") =>
    call(t, "POST", "/auth/login", { body: { username, password: "a wrong password" }, ip });
  for (let i = 0; i < 30; i++) assert.equal((await attempt(`made-up-${i}`)).status, 401);
  await attempt("someone", "198.51.100.1");
  const rows = () => cachedStatement(t.db, "SELECT action, actor, ip, details_json FROM audit_log ORDER BY id").all() as Record<string, string>[];
  const first = rows();
  assert.equal(first.length, 22);
  assert.deepEqual(first.slice(0, 20).map((row) => row.actor), Array.from({ length: 20 }, (_, i) => `made-up-${i}`), "the first ones are kept");
  assert.deepEqual({ ...first[20], details_json: JSON.parse(first[20]!.details_json!) },
    { action: "auth.login.failed.unrecorded", actor: "made-up-20", ip: "203.0.113.9", details_json: { until: "2026-03-01T13:00:00.000Z" } });
  assert.deepEqual([first[21]!.action, first[21]!.ip], ["auth.login.failed", "198.51.100.1"], "another address has its own budget");
  t.clock.advance(3_600_000);
  await attempt("next-hour");
  assert.equal(rows().at(-1)!.actor, "next-hour", "a new hour, a new budget");
});

test("logout ends the session and needs the CSRF token", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  const noCsrf = await call(t, "POST", "/auth/logout", { as: { session: session.session } });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.body.error.code, "AUTH_CSRF_INVALID");

  const out = await call(t, "POST", "/auth/logout", { as: session });
  assert.equal(out.status, 204);
  assert.match(out.headers.getSetCookie().join("\n"), new RegExp(`${SESSION_COOKIE}=;.*Max-Age=0`));
  const after = await call(t, "GET", "/auth/me", { as: session });
  assert.equal(after.status, 401);
  assert.equal(after.body.error.code, "AUTH_REQUIRED");
});

test("a session expires after 12 h idle, and after 7 days however active", async () => {
  const t = await setup();
  const idle = await login(t, "alice");
  t.clock.advance(11 * 3_600_000);
  assert.equal((await call(t, "GET", "/auth/me", { as: idle })).status, 200, "use refreshes the idle timer");
  t.clock.advance(11 * 3_600_000);
  assert.equal((await call(t, "GET", "/auth/me", { as: idle })).status, 200);
  t.clock.advance(12 * 3_600_000);
  const expired = await call(t, "GET", "/auth/me", { as: idle });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, "AUTH_SESSION_EXPIRED");

  const active = await login(t, "alice");
  for (let hours = 6; hours < 7 * 24; hours += 6) {
    t.clock.advance(6 * 3_600_000);
    assert.equal((await call(t, "GET", "/auth/me", { as: active })).status, 200, `still valid after ${hours} h`);
  }
  t.clock.advance(6 * 3_600_000);
  const absolute = await call(t, "GET", "/auth/me", { as: active });
  assert.equal(absolute.status, 401);
  assert.equal(absolute.body.error.code, "AUTH_SESSION_EXPIRED");
});

test("cookie mutations without, or with a wrong, X-CSRF-Token are refused with AUTH_CSRF_INVALID", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  for (const csrf of [null, "not-the-token"]) {
    const answer = await call(t, "POST", "/auth/tokens", { as: { session: session.session, csrf }, body: { name: "x" } });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error.code, "AUTH_CSRF_INVALID");
  }
  assert.equal((await call(t, "POST", "/auth/tokens", { as: session, body: { name: "x" } })).status, 201);
});

test("an API token works as a Bearer credential without CSRF, is stored as sha256, and stops working once revoked", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  const created = await call(t, "POST", "/auth/tokens", { as: session, body: { name: "nightly report" } });
  assert.equal(created.status, 201);
  const token: string = created.body.token;
  assert.match(token, /^oct_/);
  assert.equal(created.body.prefix, token.slice(0, 12));
  const stored = cachedPluck(t.db, "SELECT token_hash FROM api_tokens").get() as string;
  assert.match(stored, /^[0-9a-f]{64}$/);
  assert.ok(!stored.includes(token));

  const me = await call(t, "GET", "/auth/me", { as: { token } });
  assert.equal(me.status, 200);
  assert.equal(me.body.via, "token");
  const mutation = await call(t, "POST", "/auth/tokens", { as: { token }, body: { name: "made by a script" } });
  assert.equal(mutation.status, 201, "bearer mutations need no CSRF token");

  const listed = await call(t, "GET", "/auth/tokens", { as: { token } });
  assert.deepEqual(listed.body.items.map((item: { name: string }) => item.name), ["nightly report", "made by a script"]);
  assert.ok(listed.body.items.every((item: Record<string, unknown>) => !("token" in item) && !("token_hash" in item)));

  const revoked = await call(t, "DELETE", `/auth/tokens/${created.body.id}`, { as: session });
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.revoked_at);
  const refused = await call(t, "GET", "/auth/me", { as: { token } });
  assert.equal(refused.status, 401);
  assert.equal(refused.body.error.code, "AUTH_TOKEN_INVALID");
});

test("an expired token, a made-up token and a malformed Authorization header are refused", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  const { body } = await call(t, "POST", "/auth/tokens", { as: session, body: { name: "short", expiresInDays: 1 } });
  assert.equal((await call(t, "GET", "/auth/me", { as: { token: body.token } })).status, 200);
  t.clock.advance(86_400_000);
  assert.equal((await call(t, "GET", "/auth/me", { as: { token: body.token } })).body.error.code, "AUTH_TOKEN_INVALID");
  assert.equal((await call(t, "GET", "/auth/me", { as: { token: "oct_madeup" } })).status, 401);
  const basic = await call(t, "GET", "/auth/me", { headers: { authorization: "Basic YWxpY2U6eA==" } });
  assert.equal(basic.body.error.code, "AUTH_TOKEN_INVALID");
});

test("a token made with an API token cannot outlive it: a later expiry is cut to the creator's, none at all is refused", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  const day = (await call(t, "POST", "/auth/tokens", { as: session, body: { name: "one day", expiresInDays: 1 } })).body;
  assert.equal(day.expires_at, "2026-03-02T12:00:00.000Z");

  const forever = await call(t, "POST", "/auth/tokens", { as: { token: day.token }, body: { name: "for ever" } });
  assert.equal(forever.status, 403);
  assert.equal(forever.body.error.code, "TOKEN_OUTLIVES_CREATOR");
  const long = await call(t, "POST", "/auth/tokens", { as: { token: day.token }, body: { name: "a year", expiresInDays: 365 } });
  assert.equal(long.status, 201);
  assert.equal(long.body.expires_at, day.expires_at, "cut to the creator's expiry");
  t.clock.advance(3_600_000);
  assert.equal((await call(t, "POST", "/auth/tokens", { as: { token: long.body.token }, body: { name: "grandchild", expiresInDays: 30 } })).body.expires_at,
    day.expires_at, "nor can a token made from that one");
  t.clock.advance(23 * 3_600_000);
  assert.equal((await call(t, "GET", "/auth/me", { as: { token: long.body.token } })).body.error.code, "AUTH_TOKEN_INVALID");

  const session2 = await login(t, "alice");
  const fromSession = await call(t, "POST", "/auth/tokens", { as: session2, body: { name: "a session may", expiresInDays: 365 } });
  assert.equal(fromSession.body.expires_at, "2027-03-02T12:00:00.000Z", "a logged-in user chooses freely");
  const shortFromToken = await call(t, "POST", "/auth/tokens", { as: { token: fromSession.body.token }, body: { name: "short", expiresInDays: 7 } });
  assert.equal(shortFromToken.body.expires_at, "2026-03-09T12:00:00.000Z", "an earlier expiry is kept as asked");
});

test("a password change revokes the user's API tokens", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  const { body } = await call(t, "POST", "/auth/tokens", { as: session, body: { name: "script" } });
  await t.api.services.users.setPassword("alice", "a brand new password");
  const answer = await call(t, "GET", "/auth/me", { as: { token: body.token } });
  assert.equal(answer.status, 401);
  assert.equal(answer.body.error.code, "AUTH_TOKEN_INVALID");
  assert.equal((await call(t, "GET", "/auth/me", { as: session })).status, 401, "and ends the sessions");
});

test("a user cannot revoke another user's token", async () => {
  const t = await setup();
  await addUser(t, "bob", "viewer");
  const alice = await login(t, "alice");
  const bob = await login(t, "bob");
  const { body } = await call(t, "POST", "/auth/tokens", { as: alice, body: { name: "alice's" } });
  const answer = await call(t, "DELETE", `/auth/tokens/${body.id}`, { as: bob });
  assert.equal(answer.status, 404);
  assert.equal(answer.body.error.code, "TOKEN_NOT_FOUND");
});

test("a deleted user's session and tokens stop working", async () => {
  const t = await setup();
  await addUser(t, "root", "admin");
  const admin = await login(t, "root");
  const alice = await login(t, "alice");
  const { body } = await call(t, "POST", "/auth/tokens", { as: alice, body: { name: "t" } });
  const aliceId = (await call(t, "GET", "/auth/me", { as: alice })).body.user.id;
  assert.equal((await call(t, "DELETE", `/users/${aliceId}`, { as: admin })).status, 200);
  assert.equal((await call(t, "GET", "/auth/me", { as: alice })).status, 401);
  assert.equal((await call(t, "GET", "/auth/me", { as: { token: body.token } })).status, 401);
});

test("successful logins and mutations are written to the audit log with actor and address", async () => {
  const t = await setup();
  const session = await login(t, "alice");
  await call(t, "POST", "/auth/tokens", { as: session, body: { name: "audited" }, ip: "198.51.100.7" });
  const rows = cachedStatement(t.db, "SELECT actor, action, target, details_json, ip FROM audit_log ORDER BY id").all() as Record<string, string>[];
  assert.deepEqual(rows.map((row) => row.action), ["POST /api/v1/auth/login", "POST /api/v1/auth/tokens"]);
  assert.equal(rows[0]!.actor, "user:alice");
  assert.equal(rows[1]!.ip, "198.51.100.7");
  assert.deepEqual(JSON.parse(rows[1]!.details_json!).name, "audited");
  assert.ok(!JSON.stringify(rows).includes(PASSWORD));
});

test("past the password checks that may run and wait, a login is refused unchecked with AUTH_BUSY (503, Retry-After), counted and audited against nobody", async () => {
  const t = createTestApi({ apiOptions: { loginChecks: { concurrency: 1, maxWaiting: 1 } } });
  await addUser(t, "alice", "operator");
  const attempts = await Promise.all(["mallory", "trudy", "eve"].map((username) =>
    call(t, "POST", "/auth/login", { body: { username, password: "a wrong password" }, ip: "192.0.2.9" })));
  assert.deepEqual(attempts.map((answer) => answer.status).sort(), [401, 401, 503]);
  const busy = attempts.find((answer) => answer.status === 503)!;
  assert.equal(busy.body.error.code, "AUTH_BUSY");
  assert.equal(busy.headers.get("retry-after"), "1");
  const audited = cachedPluck(t.db, "SELECT count(*) FROM audit_log WHERE action = 'auth.login.failed'").get();
  assert.equal(audited, 2, "the refused one was never checked: no failure recorded");
  assert.equal((await call(t, "POST", "/auth/login", { body: { username: "alice", password: PASSWORD } })).status, 200, "turns are given back");
});
