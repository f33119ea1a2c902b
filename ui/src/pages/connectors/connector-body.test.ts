import { test } from "node:test";
import assert from "node:assert/strict";
import { initialValues } from "./config-form.ts";
import { ADDON_KEY, createBody, NAME_KEY, updateBody, type EditorForm } from "./connector-body.ts";
import { fieldsOfSchema } from "./schema-fields.ts";

const fields = fieldsOfSchema({
  type: "object",
  required: ["password"],
  properties: {
    password: { type: "string", sensitive: true },
    poll_interval_s: { type: "integer", minimum: 30, default: 60, "x-widget": "poll-interval" },
  },
});
const schema = { fields, pollIntervalField: "poll_interval_s" };
const form: EditorForm = { addonId: "acme.probe", name: " Probe A ", enabled: true, values: { ...initialValues(fields), password: "pw" } };

test("a create body names the addon and carries the poll interval of the config", () => {
  assert.deepEqual(createBody(form, schema), {
    ok: true,
    body: { addon_id: "acme.probe", name: "Probe A", enabled: true, config: { password: "pw", poll_interval_s: 60 }, poll_interval_s: 60 },
  });
});

test("the addon, the name and the config are all checked before sending", () => {
  const result = createBody({ ...form, addonId: "", name: " ", values: { ...form.values, password: "" } }, schema);
  assert.deepEqual(result, { ok: false, errors: { [ADDON_KEY]: "required", [NAME_KEY]: "required", "/password": "required" } });
  const long = createBody({ ...form, name: "x".repeat(201) }, schema);
  assert.ok(!long.ok && long.errors[NAME_KEY] === "at most 200 characters");
});

test("an update keeps a stored secret left empty and sends the new interval", () => {
  const values = { ...form.values, password: "", poll_interval_s: "300" };
  assert.deepEqual(updateBody({ ...form, values }, schema, { stored: ["password"], cleared: [] }), {
    ok: true, body: { name: "Probe A", config: { poll_interval_s: 300 }, poll_interval_s: 300 },
  });
});

test("an update sends a stored secret marked for removal as null", () => {
  const values = { ...form.values, password: "" };
  const result = updateBody({ ...form, values }, schema, { stored: ["password"], cleared: ["password"] });
  assert.ok(result.ok);
  assert.equal(result.body.config?.password, null);
});
