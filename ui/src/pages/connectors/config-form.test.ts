import { test } from "node:test";
import assert from "node:assert/strict";
import { emptyRow, formToConfig, initialValues, isClearableSecret, pointerOf, pollIntervalOf } from "./config-form.ts";
import { fieldsOfSchema, type RowsField } from "./schema-fields.ts";

const FIELDS = fieldsOfSchema({
  type: "object",
  required: ["targets", "username", "password"],
  properties: {
    targets: { type: "array", "x-widget": "targets", minItems: 1, maxItems: 2, items: {
      type: "object", required: ["host"],
      properties: { id: { type: "string" }, host: { type: "string" }, port: { type: "integer", minimum: 1, maximum: 65535 }, tls: { type: "boolean", default: true } } } },
    username: { type: "string", minLength: 1 },
    password: { type: "string", sensitive: true, "x-widget": "credentials" },
    poll_interval_s: { type: "integer", minimum: 30, default: 60, "x-widget": "poll-interval" },
    thresholds: { type: "object", "x-widget": "thresholds", properties: { cpu: { type: "number", default: 85 } }, default: {} },
    extra: { type: "array", items: { type: "array" } },
  },
});

test("a new connector's form holds the defaults and one blank target", () => {
  assert.deepEqual(initialValues(FIELDS), {
    targets: [{ id: "", host: "", port: "", tls: true }],
    username: "", password: "", poll_interval_s: "60", thresholds: { cpu: "85" }, extra: "",
  });
});

test("a filled form becomes the config body, typed, empty inputs left out", () => {
  const values = {
    ...initialValues(FIELDS),
    targets: [{ id: "", host: " 10.0.0.5 ", port: "8443", tls: false }],
    username: "ops", password: "s3cret", extra: "[[1]]",
  };
  assert.deepEqual(formToConfig(FIELDS, values), {
    ok: true,
    config: { targets: [{ host: "10.0.0.5", port: 8443, tls: false }], username: "ops", password: "s3cret", poll_interval_s: 60, thresholds: { cpu: 85 }, extra: [[1]] },
  });
});

test("problems are reported per JSON pointer, target cells included", () => {
  const values = { ...initialValues(FIELDS), targets: [{ id: "", host: "", port: "99999", tls: true }], extra: "{oops" };
  const result = formToConfig(FIELDS, values);
  assert.ok(!result.ok);
  assert.deepEqual(result.errors, {
    "/targets/0/host": "required",
    "/targets/0/port": "a whole number from 1 to 65535",
    "/username": "required",
    "/password": "required",
    "/extra": "not valid JSON",
  });
});

test("the targets list must have between minItems and maxItems rows", () => {
  const targets = FIELDS[0] as RowsField;
  const base = { ...initialValues(FIELDS), username: "ops", password: "pw" };
  const none = formToConfig(FIELDS, { ...base, targets: [] });
  assert.ok(!none.ok && none.errors["/targets"] === "add at least one row");
  const row = { ...emptyRow(targets.columns), host: "h" };
  const many = formToConfig(FIELDS, { ...base, targets: [row, row, row] });
  assert.ok(!many.ok && many.errors["/targets"] === "at most 2 rows");
});

test("on edit, an empty secret the host holds is left out (kept); one it does not hold is still required", () => {
  const stored = { targets: [{ id: "t1", host: "10.0.0.5", tls: true }], username: "ops", poll_interval_s: 120, thresholds: { cpu: 85 } };
  const values = initialValues(FIELDS, stored);
  assert.equal(values.password, "", "secrets never fill the form");
  assert.deepEqual(values.targets, [{ id: "t1", host: "10.0.0.5", port: "", tls: true }]);
  const kept = formToConfig(FIELDS, values, ["password"]);
  assert.ok(kept.ok);
  assert.ok(!("password" in kept.config));
  assert.equal(kept.config.poll_interval_s, 120);
  const missing = formToConfig(FIELDS, values, []);
  assert.ok(!missing.ok && missing.errors["/password"] === "required");
  const replaced = formToConfig(FIELDS, { ...values, password: "new" }, ["password"]);
  assert.ok(replaced.ok && replaced.config.password === "new");
});

test("on edit, a stored optional secret can be cleared: sent as null while its input is empty, a typed value wins", () => {
  const fields = fieldsOfSchema({
    type: "object", required: ["password"],
    properties: { password: { type: "string", sensitive: true }, api_key: { type: "string", sensitive: true }, user: { type: "string" } },
  });
  const [password, apiKey, user] = fields;
  assert.deepEqual([password, apiKey, user].map((field) => isClearableSecret(field!, ["password", "api_key"])), [false, true, false]);
  assert.equal(isClearableSecret(apiKey!, ["password"]), false, "nothing stored, nothing to clear");
  const values = initialValues(fields);
  const cleared = formToConfig(fields, values, ["password", "api_key"], ["api_key"]);
  assert.deepEqual(cleared, { ok: true, config: { api_key: null } });
  const replaced = formToConfig(fields, { ...values, api_key: "new" }, ["password", "api_key"], ["api_key"]);
  assert.deepEqual(replaced, { ok: true, config: { api_key: "new" } });
});

test("an untouched optional group is left out so the schema's default applies", () => {
  const values = { ...initialValues(FIELDS), targets: [{ id: "", host: "h", port: "", tls: true }], username: "u", password: "p", thresholds: { cpu: "" } };
  const result = formToConfig(FIELDS, values);
  assert.ok(result.ok && !("thresholds" in result.config));
});

test("pointerOf escapes like RFC 6901; pollIntervalOf takes only what the API accepts", () => {
  assert.equal(pointerOf("targets", 0, "host"), "/targets/0/host");
  assert.equal(pointerOf("a/b", "c~d"), "/a~1b/c~0d");
  assert.equal(pollIntervalOf({ poll_interval_s: 60 }, "poll_interval_s"), 60);
  assert.equal(pollIntervalOf({ poll_interval_s: 5 }, "poll_interval_s"), undefined);
  assert.equal(pollIntervalOf({ poll_interval_s: 60 }, null), undefined);
});
