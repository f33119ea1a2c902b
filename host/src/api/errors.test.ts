import { test } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { hostError } from "../errors.ts";
import { errorResponse } from "./errors.ts";

/** An app whose one route throws `error`, answered by the API's error handler; what it logged. */
async function answerTo(error: unknown): Promise<{ status: number; body: any; headers: Headers; logged: string[] }> {
  const logged: string[] = [];
  const app = new Hono();
  app.get("/fail", () => {
    throw error;
  });
  app.onError((caught, c) => errorResponse(c, caught, (line) => logged.push(line)));
  const response = await app.request("http://localhost/fail");
  return { status: response.status, body: await response.json(), headers: response.headers, logged };
}

test("a client error carries its details", async () => {
  const fields = [{ pointer: "/targets/0/host", message: "is required" }];
  const answer = await answerTo(hostError("CONNECTOR_CONFIG_INVALID", "config is invalid: /targets/0/host is required", { fields }));
  assert.equal(answer.status, 400);
  assert.deepEqual(answer.body, { error: { code: "CONNECTOR_CONFIG_INVALID", message: "config is invalid: /targets/0/host is required", details: { fields } } });
});

test("a client error without details answers code and message only; Retry-After comes from its details", async () => {
  assert.deepEqual((await answerTo(hostError("MAPPING_NOT_FOUND", "no mapping 3"))).body, { error: { code: "MAPPING_NOT_FOUND", message: "no mapping 3" } });
  const throttled = await answerTo(hostError("AUTH_THROTTLED", "too many failed logins", { retryAfterSeconds: 30 }));
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get("retry-after"), "30");
  assert.deepEqual(throttled.body.error.details, { retryAfterSeconds: 30 });
});

test("a server error (5xx) never carries its details", async () => {
  const internal = await answerTo(hostError("INTERNAL", "a second unresolved alert", { fingerprint: "abc", sql: "SELECT * FROM alerts" }));
  assert.equal(internal.status, 500);
  assert.deepEqual(internal.body, { error: { code: "INTERNAL", message: "a second unresolved alert" } });
  const timeout = await answerTo(hostError("JOB_TIMEOUT", "job x did not finish", { key: "x", path: "/var/lib/opsconductor" }));
  assert.equal(timeout.status, 504);
  assert.equal(timeout.body.error.details, undefined);
});

test("details that are not plain JSON data are left out", async () => {
  for (const details of [
    { cause: new Error("EACCES: /etc/opsconductor/secret.key") },
    { bytes: Buffer.from("secret") },
    { at: new Date(0) },
    { ratio: Number.NaN },
    { nested: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } },
  ]) {
    const answer = await answerTo(hostError("VALIDATION_FAILED", "bad", details));
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { error: { code: "VALIDATION_FAILED", message: "bad" } }, JSON.stringify(details));
  }
  // An undefined property is fine: JSON leaves it out.
  assert.deepEqual((await answerTo(hostError("VALIDATION_FAILED", "bad", { limit: 5, before: undefined }))).body.error.details, { limit: 5 });
});

test("an unexpected error is INTERNAL without details; its stack goes to the log only", async () => {
  const answer = await answerTo(Object.assign(new Error("SQLITE_CORRUPT at /data/opsconductor.db"), { details: { path: "/data" } }));
  assert.equal(answer.status, 500);
  assert.deepEqual(answer.body, { error: { code: "INTERNAL", message: "internal error" } });
  assert.match(answer.logged.join("\n"), /SQLITE_CORRUPT at \/data\/opsconductor\.db/);
});

test("the store's failures are answered with their code and logged once a minute, whether raw from SQLite or coded by the alert store", async () => {
  const raw = await answerTo(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }));
  assert.deepEqual([raw.status, raw.body.error.code], [507, "STORE_FULL"]);
  assert.equal(raw.logged.length, 1);
  assert.match(raw.logged[0]!, /STORE_FULL: the database's disk is full/);
  const again = await answerTo(hostError("STORE_FULL", "the database's disk is full"));
  assert.deepEqual([again.status, again.logged], [507, []], "within the minute: answered, not logged again");
  const unwritable = await answerTo(hostError("STORE_UNWRITABLE", "cannot be written"));
  assert.equal(unwritable.logged.length, 1, "another code is logged on its own");
});
