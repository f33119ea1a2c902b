import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fieldsOfSchema, humanize, type GroupField, type InputField, type RowsField } from "./schema-fields.ts";

// The example of docs/addon-development.md ("config_schema: sensitive fields and widgets").
const DOC_SCHEMA = {
  type: "object",
  required: ["targets", "snmp_community"],
  properties: {
    targets: { type: "array", "x-widget": "targets", minItems: 1, items: {
      type: "object", required: ["host"],
      properties: { snmp_port: { type: "integer" }, name: { type: "string" }, host: { type: "string" }, id: { type: "string" } } } },
    snmp_community: { type: "string", sensitive: true, "x-widget": "credentials" },
    battery_low_pct: { type: "number", default: 30, "x-widget": "thresholds" },
    poll_interval_s: { type: "integer", minimum: 10, default: 60, "x-widget": "poll-interval" },
  },
};

test("each top-level property becomes one field, in the schema's order, with its widget and required flag", () => {
  const fields = fieldsOfSchema(DOC_SCHEMA);
  assert.deepEqual(fields.map((field) => [field.key, field.kind, field.widget, field.required]), [
    ["targets", "rows", "targets", true],
    ["snmp_community", "input", "credentials", true],
    ["battery_low_pct", "input", "thresholds", false],
    ["poll_interval_s", "input", "poll-interval", false],
  ]);
  const community = fields[1] as InputField;
  assert.equal(community.sensitive, true);
  assert.equal(community.title, "Snmp community");
  const interval = fields[3] as InputField;
  assert.deepEqual([interval.type, interval.minimum, interval.default], ["integer", 10, 60]);
});

test("a targets list puts id, host, port, name first and the addon's own columns after", () => {
  const targets = fieldsOfSchema(DOC_SCHEMA)[0] as RowsField;
  assert.deepEqual(targets.columns.map((column) => [column.key, column.required]), [
    ["id", false], ["host", true], ["name", false], ["snmp_port", false],
  ]);
  assert.equal(targets.minItems, 1);
});

test("enums, string lists, objects of scalars and anything else", () => {
  const fields = fieldsOfSchema({
    type: "object",
    properties: {
      version: { type: "string", enum: ["1", "2c", "3"], default: "2c", title: "SNMP version" },
      peers: { type: "array", items: { type: "string" } },
      thresholds: { type: "object", "x-widget": "thresholds", required: ["cpu"], properties: { cpu: { type: "number", maximum: 100 } } },
      matrix: { type: "array", items: { type: "array", items: { type: "number" } } },
      nested: { type: "object", properties: { deeper: { type: "object", properties: {} } } },
    },
  });
  assert.deepEqual(fields.map((field) => field.kind), ["input", "input", "group", "json", "json"]);
  const version = fields[0] as InputField;
  assert.deepEqual([version.type, version.options, version.title], ["enum", ["1", "2c", "3"], "SNMP version"]);
  assert.equal((fields[1] as InputField).type, "list");
  const thresholds = fields[2] as GroupField;
  assert.deepEqual(thresholds.fields.map((field) => [field.key, field.type, field.required, field.maximum]), [["cpu", "number", true, 100]]);
});

test("every built-in addon's config_schema becomes a form without JSON fallbacks", () => {
  const root = new URL("../../../../addons-builtin/", import.meta.url);
  const ids = readdirSync(root).filter((name) => name.startsWith("opsconductor."));
  assert.ok(ids.length >= 5, ids.join(", "));
  for (const id of ids) {
    const manifest = JSON.parse(readFileSync(new URL(`${id}/manifest.json`, root), "utf8")) as { config_schema: Record<string, unknown> };
    const fields = fieldsOfSchema(manifest.config_schema);
    assert.ok(fields.length > 0, id);
    assert.deepEqual(fields.filter((field) => field.kind === "json").map((field) => field.key), [], id);
  }
});

test("humanize turns a property name into a label", () => {
  assert.equal(humanize("poll_interval_s"), "Poll interval s");
  assert.equal(humanize("host"), "Host");
});
