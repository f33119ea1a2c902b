import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addUser, call, createTestApi, login } from "./test-support.ts";

test("GET /healthz answers without credentials: status, version, uptime, db", async () => {
  const t = createTestApi();
  t.clock.advance(90_000);
  const answer = await call(t, "GET", "/healthz");
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, { status: "ok", version: "9.9.9-test", uptime: 90, db: "ok" });
});

test("GET /healthz reports a broken database as 503", async () => {
  const t = createTestApi();
  t.db.close();
  const answer = await call(t, "GET", "/healthz");
  assert.equal(answer.status, 503);
  assert.equal(answer.body.db, "error");
});

test("unknown routes and methods are a JSON NOT_FOUND", async () => {
  const t = createTestApi();
  for (const [method, path] of [["GET", "/nothing/here"], ["PATCH", "/alerts"], ["GET", "/"]]) {
    const answer = await call(t, method!, path!);
    assert.equal(answer.status, 404, `${method} ${path}`);
    assert.equal(answer.body.error.code, "NOT_FOUND");
  }
});

test("bodies: invalid JSON, non-JSON content types and oversized bodies are refused with their codes", async () => {
  const t = createTestApi({ apiOptions: { bodyLimitBytes: 1024 } });
  const invalid = await call(t, "POST", "/auth/login", { body: "{not json" });
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error.code, "BODY_INVALID_JSON");

  const form = await call(t, "POST", "/auth/login", { body: "username=a&password=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(form.status, 415);
  assert.equal(form.body.error.code, "BODY_UNSUPPORTED_MEDIA_TYPE");

  const huge = await call(t, "POST", "/auth/login", { body: { username: "a", password: "x".repeat(2000) } });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, "BODY_TOO_LARGE");

  const array = await call(t, "POST", "/auth/login", { body: [1, 2] });
  assert.equal(array.status, 400);
  assert.equal(array.body.error.code, "VALIDATION_FAILED");
});

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

test("API answers are not cacheable and carry the usual security headers", async () => {
  const t = createTestApi();
  const answer = await call(t, "GET", "/healthz");
  assert.equal(answer.headers.get("cache-control"), "no-store");
  assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
  assert.equal(answer.headers.get("x-frame-options"), "DENY");
  assert.equal(answer.headers.get("content-security-policy"), CSP);
  assert.equal(answer.headers.get("strict-transport-security"), null);
});

test("an unexpected error is a generic INTERNAL, logged with its detail but not sent", async () => {
  const logged: string[] = [];
  const t = createTestApi({ apiOptions: { log: (line) => logged.push(line) } });
  await addUser(t, "root", "admin");
  const admin = await login(t, "root");
  t.db.exec("DROP TABLE severity_mappings");
  const answer = await call(t, "GET", "/mappings/severity", { as: admin });
  assert.equal(answer.status, 500);
  assert.deepEqual(answer.body, { error: { code: "INTERNAL", message: "internal error" } });
  assert.match(logged.join("\n"), /no such table: severity_mappings/);
});

test("with a UI directory, files are served under the CSP, client routes get index.html (always revalidated), and API paths stay JSON", async () => {
  const dir = mkdtempSync(join(tmpdir(), "oc-ui-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>OpsConductor</title>");
  writeFileSync(join(dir, "assets", "app.js"), "console.log('ui')");
  const t = createTestApi({ apiOptions: { uiDir: dir } });
  const get = (path: string) => t.api.app.request(`http://localhost${path}`);

  const root = await get("/");
  assert.equal(root.status, 200);
  assert.match(await root.text(), /<title>OpsConductor/);
  const script = await get("/assets/app.js");
  assert.match(script.headers.get("content-type")!, /javascript/);
  const clientRoute = await get("/alerts/42");
  assert.match(await clientRoute.text(), /<title>OpsConductor/);
  assert.equal((await get("/assets/missing.js")).status, 404);
  const api = await get("/api/v1/nothing");
  assert.equal(api.status, 404);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
  for (const path of ["/", "/index.html", "/alerts/42", "/assets/app.js"]) {
    assert.equal((await get(path)).headers.get("content-security-policy"), CSP, path);
  }
  for (const path of ["/", "/index.html", "/alerts/42"]) {
    assert.equal((await get(path)).headers.get("cache-control"), "no-cache", `${path}: index.html is always revalidated`);
  }
  for (const path of ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2f..%2fetc/passwd"]) {
    assert.doesNotMatch(await (await get(path)).text(), /root:/, `${path} escaped the UI directory`);
  }
});
