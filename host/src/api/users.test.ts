import { test } from "node:test";
import assert from "node:assert/strict";
import { addUser, call, createTestApi, login, PASSWORD, type Session, type TestApi } from "./test-support.ts";

async function asAdmin(): Promise<{ t: TestApi; admin: Session }> {
  const t = createTestApi();
  await addUser(t, "root", "admin");
  return { t, admin: await login(t, "root") };
}

test("an admin creates a user, who can then log in; the hash never leaves the server", async () => {
  const { t, admin } = await asAdmin();
  const created = await call(t, "POST", "/users", { as: admin, body: { username: "olga", password: "a long enough pw", role: "operator" } });
  assert.equal(created.status, 201);
  assert.deepEqual({ username: created.body.username, role: created.body.role, disabled: created.body.disabled }, {
    username: "olga", role: "operator", disabled: false,
  });
  assert.equal(created.body.password_hash, undefined);
  assert.equal((await call(t, "POST", "/auth/login", { body: { username: "olga", password: "a long enough pw" } })).status, 200);

  const listed = await call(t, "GET", "/users", { as: admin });
  assert.deepEqual(listed.body.items.map((u: { username: string }) => u.username), ["olga", "root"]);
  assert.ok(listed.body.items.every((u: Record<string, unknown>) => !("password_hash" in u)));
});

test("a taken username (any case) is USER_EXISTS", async () => {
  const { t, admin } = await asAdmin();
  const answer = await call(t, "POST", "/users", { as: admin, body: { username: "ROOT", password: PASSWORD, role: "viewer" } });
  assert.equal(answer.status, 409);
  assert.equal(answer.body.error.code, "USER_EXISTS");
});

test("invalid user bodies are VALIDATION_FAILED naming the field", async () => {
  const { t, admin } = await asAdmin();
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ username: "x", password: "short", role: "viewer" }, /\/password/],
    [{ username: "has space", password: PASSWORD, role: "viewer" }, /\/username/],
    [{ username: "x", password: PASSWORD, role: "superuser" }, /\/role must be one of viewer, operator, admin/],
    [{ username: "x", password: PASSWORD }, /\/role is required/],
    [{ username: "x", password: PASSWORD, role: "viewer", admin: true }, /\/admin is not allowed/],
  ];
  for (const [body, message] of cases) {
    const answer = await call(t, "POST", "/users", { as: admin, body });
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.error.code, "VALIDATION_FAILED");
    assert.match(answer.body.error.message, message);
  }
});

test("deleting a user ends their access; the last admin cannot be deleted; unknown ids are USER_NOT_FOUND", async () => {
  const { t, admin } = await asAdmin();
  const id = await addUser(t, "temp", "viewer");
  const deleted = await call(t, "DELETE", `/users/${id}`, { as: admin });
  assert.equal(deleted.status, 200);
  assert.equal(deleted.body.username, "temp");
  assert.equal((await call(t, "POST", "/auth/login", { body: { username: "temp", password: PASSWORD } })).status, 401);

  const rootId = (await call(t, "GET", "/auth/me", { as: admin })).body.user.id;
  const last = await call(t, "DELETE", `/users/${rootId}`, { as: admin });
  assert.equal(last.status, 409);
  assert.equal(last.body.error.code, "CONFLICT");

  for (const missing of ["424242", "abc"]) {
    const answer = await call(t, "DELETE", `/users/${missing}`, { as: admin });
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error.code, "USER_NOT_FOUND");
  }
});
