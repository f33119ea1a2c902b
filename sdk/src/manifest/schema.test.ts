import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OcError } from "../errors/oc-error.ts";
import { validatorFor } from "../schemas/validator.ts";
import { parseManifest, validateManifest } from "./validate.ts";
import { parseSeedMappings, seedToMappingSnapshot } from "./seed.ts";
import { fixtureFileSchema } from "./fixture-schema.ts";
import { PUBLISHED_SCHEMAS, publishedSchemaText } from "./publish-schemas.ts";

function manifest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "acme.ups-snmp",
    name: "Acme UPS",
    version: "1.2.0",
    category: "device",
    description: "Battery and power alarms from Acme UPS cards.",
    publisher: "Acme",
    core: "^0.1.0",
    capabilities: ["polling", "device_sync"],
    permissions: ["snmp"],
    config_schema: {
      type: "object",
      required: ["targets"],
      properties: {
        targets: { type: "array", "x-widget": "targets", items: { type: "object" } },
        community: { type: "string", sensitive: true, "x-widget": "credentials" },
      },
    },
    defaults: { poll_interval_s: 60, thresholds: { battery_low_pct: 20 } },
    schedules: [{ name: "hourly-sync", cron: "0 * * * *", job: "device_sync" }],
    ...overrides,
  };
}

function rejects(value: unknown, ...fragments: string[]): void {
  assert.throws(() => validateManifest(value), (error) => {
    assert.ok(OcError.is(error, "ADDON_MANIFEST_INVALID"), String(error));
    for (const fragment of fragments) assert.match(error.message, new RegExp(escape(fragment)), error.message);
    return true;
  });
}
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

test("a complete manifest is valid and keeps its values", () => {
  const valid = validateManifest(manifest());
  assert.equal(valid.id, "acme.ups-snmp");
  assert.equal(valid.schedules[0]?.job, "device_sync");
});

test("defaults are applied: runtime isolate, empty lists, an empty config schema", () => {
  const minimal = manifest();
  for (const key of ["capabilities", "permissions", "config_schema", "defaults", "schedules"]) delete minimal[key];
  const valid = validateManifest(minimal);
  assert.equal(valid.runtime, "isolate");
  assert.deepEqual(valid.capabilities, []);
  assert.deepEqual(valid.permissions, []);
  assert.deepEqual(valid.schedules, []);
  assert.deepEqual(valid.config_schema, { type: "object", properties: {} });
  assert.equal("runtime" in minimal, false, "the input is not mutated");
});

test("each invalid field is named in the error", () => {
  rejects(manifest({ id: "Prtg" }), "/id");
  rejects(manifest({ id: "prtg" }), "/id");
  rejects(manifest({ version: "1.2" }), "/version");
  rejects(manifest({ category: "cloud" }), "/category must be one of nms, device");
  rejects(manifest({ core: "one.two" }), "/core");
  rejects(manifest({ runtime: "process" }), "/runtime must be one of isolate, worker");
  rejects(manifest({ capabilities: ["polling", "telepathy"] }), "/capabilities/1");
  rejects(manifest({ permissions: ["http", "http"] }), "/permissions");
  rejects(manifest({ defaults: { poll_interval_s: 1 } }), "/defaults/poll_interval_s");
  rejects(manifest({ schedules: [{ name: "sync", cron: "every hour", job: "device_sync" }] }), "/schedules/0/cron");
  rejects(manifest({ schedules: [{ name: "sync", cron: "@hourly", job: "reboot" }] }), "/schedules/0/job");
  rejects(manifest({ colour: "blue" }), "/colour is not allowed");
  const missing = manifest();
  delete missing.publisher;
  rejects(missing, "/publisher is required");
});

test("config_schema annotations are checked: x-widget values, sensitive without default", () => {
  rejects(manifest({ config_schema: { type: "object", properties: { a: { type: "string", "x-widget": "slider" } } } }),
    "/config_schema/properties/a/x-widget");
  rejects(manifest({ config_schema: { type: "object", properties: { a: { type: "string", sensitive: "yes" } } } }),
    "/config_schema/properties/a/sensitive");
  rejects(manifest({ config_schema: { type: "object", properties: { p: { type: "string", sensitive: true, default: "public" } } } }),
    "/config_schema/properties/p is sensitive");
  rejects(manifest({ config_schema: { type: "object", properties: { a: { type: 12 } } } }), "/config_schema is not a valid JSON Schema");
  rejects(manifest({ config_schema: { type: "object", required: ["nope"], properties: {} } }), "/config_schema/required");
});

test("cross-field rules: device_sync schedules need the capability, traps need the permission, unique schedule names", () => {
  rejects(manifest({ capabilities: ["polling"] }), "/schedules/0/job");
  rejects(manifest({ capabilities: ["traps"], schedules: [] }), "/capabilities has \"traps\"");
  rejects(manifest({
    schedules: [{ name: "s", cron: "@daily", job: "device_sync" }, { name: "s", cron: "@hourly", job: "device_sync" }],
  }), "/schedules/1/name");
});

test("cron accepts five fields with ranges, steps, lists, names and @aliases", () => {
  for (const cron of ["*/5 * * * *", "0 3 * * mon-fri", "15,45 8-18 1 jan *", "@weekly"]) {
    validateManifest(manifest({ schedules: [{ name: "s", cron, job: "device_sync" }] }));
  }
  for (const cron of ["* * * *", "* * * * * *", "@often", "*/5 * * * ?"]) {
    rejects(manifest({ schedules: [{ name: "s", cron, job: "device_sync" }] }), "/schedules/0/cron");
  }
});

test("cron is checked by the scheduler's parser: out-of-range values and impossible dates are refused naming the field and the reason", () => {
  const cases: Array<[cron: string, reason: string]> = [
    ["61 * * * *", 'minute "61": values must be within 0-59'],
    ["0 24 * * *", 'hour "24": values must be within 0-23'],
    ["0 0 31 2 *", "never occurs"],
    ["*/0 * * * *", 'step "0"'],
  ];
  for (const [cron, reason] of cases) {
    // A good schedule first: the bad one must still be named by its own index.
    rejects(manifest({ schedules: [{ name: "ok", cron: "@hourly", job: "device_sync" }, { name: "bad", cron, job: "device_sync" }] }),
      "/schedules/1/cron", reason);
  }
  validateManifest(manifest({ schedules: [{ name: "s", cron: "59 23 29 2 *", job: "device_sync" }] }));
});

test("a config_schema the host could not check configs with is refused naming /config_schema", () => {
  const config = (extra: Record<string, unknown>) => ({ type: "object", properties: { a: { type: "string" } }, ...extra });
  const deep: Record<string, unknown> = { type: "object" };
  let level = deep;
  for (let i = 0; i < 5_000; i++) level = (level.properties = { x: { type: "object" } }).x;
  const cases: Array<[what: string, schema: unknown, reason: string]> = [
    ["a $ref that refers to itself", config({ $ref: "#/$defs/loop", $defs: { loop: { $ref: "#/$defs/loop" } } }), "refers to itself or nests too deeply"],
    ["a property whose $ref loops", config({ properties: { a: { $ref: "#/definitions/a" } }, definitions: { a: { $ref: "#/definitions/a" } } }), "refers to itself"],
    ["a $ref to nothing", config({ properties: { a: { $ref: "#/definitions/none" } } }), "can't resolve reference"],
    ["a schema nested thousands deep", config({ properties: { a: deep } }), "nests too deeply"],
    ["an $async schema", config({ $async: true }), "must not be $async"],
    ["a pattern with a \\p{…} class (it needs the u flag)", config({ properties: { a: { pattern: "^\\p{L}+$" } } }), "need the u flag"],
    ["a patternProperties key with a \\u{…} escape", config({ patternProperties: { "^\\u{1F600}": { type: "string" } } }), "need the u flag"],
  ];
  for (const [what, config_schema, reason] of cases) {
    assert.throws(() => validateManifest(manifest({ config_schema })), (error) => {
      assert.ok(OcError.is(error, "ADDON_MANIFEST_INVALID"), `${what}: ${String(error)}`);
      assert.match(error.message, /\/config_schema/, what);
      assert.match(error.message, new RegExp(escape(reason)), what);
      return true;
    }, what);
  }
  // A schema that recurses through data, not through itself, is fine.
  validateManifest(manifest({ config_schema: config({ properties: { tree: { $ref: "#/definitions/node" } }, definitions: { node: { type: "object", properties: { child: { $ref: "#/definitions/node" } } } } }) }));
});

test("parseManifest reports bad JSON as ADDON_MANIFEST_INVALID", () => {
  assert.throws(() => parseManifest("{ id: "), (e) => OcError.is(e, "ADDON_MANIFEST_INVALID") && /not valid JSON/.test(e.message));
  assert.equal(parseManifest(JSON.stringify(manifest())).id, "acme.ups-snmp");
});

test("seed mappings: valid rows become a mapping snapshot; bad rows name the field", () => {
  const seed = parseSeedMappings(JSON.stringify({
    severity: [
      { alert_type: "on_battery", severity: "major" },
      { alert_type: "power_restored", severity: "clear", clears: "on_battery" },
      { alert_type: "self_test", severity: "info", enabled: false },
    ],
    category: [{ alert_type: "*", category: "power" }, { alert_type: "temp_high", category: "environment" }],
    alert_types: [{ alert_type: "on_battery", title_template: "{device_name} on battery", urgency: "high" }],
    dedup: { fields: ["device_ip", "alert_type", "resource"], window_s: 300 },
    priority: [{ impact: "high", urgency: "high", priority: "P1" }],
  }));
  assert.deepEqual(seedToMappingSnapshot("acme.ups", seed), {
    connector_type: "acme.ups",
    severity: {
      on_battery: { severity: "major" },
      power_restored: { severity: "clear", clears: "on_battery" },
      self_test: { severity: "info", enabled: false },
    },
    category: { temp_high: "environment" },
    default_category: "power",
  });
  const seedRejects = (value: unknown, fragment: string) => assert.throws(
    () => parseSeedMappings(JSON.stringify(value)),
    (e) => OcError.is(e, "ADDON_SEED_INVALID") && e.message.includes(fragment),
  );
  seedRejects({ severity: [{ alert_type: "x", severity: "bad" }] }, "/severity/0/severity");
  seedRejects({ priority: [{ impact: "huge", urgency: "high", priority: "P1" }] }, "/priority/0/impact");
  seedRejects({ dedup: { fields: [], window_s: 10 } }, "/dedup/fields");
  seedRejects({ category: [{ alert_type: "a", category: "power" }, { alert_type: "a", category: "network" }] }, "/category/1/alert_type");
  assert.throws(() => parseSeedMappings("[1,"), (e) => OcError.is(e, "ADDON_SEED_INVALID"));
});

test("fixture files: one case or an array; expected may be null and may omit raw", () => {
  const validate = validatorFor(fixtureFileSchema);
  const raw = { alert_type: "on_battery", device_ip: "10.0.0.5", device_name: "ups1", timestamp: "2026-01-01T00:00:00Z", metrics: {} };
  const expected = {
    connector_type: "acme.ups", alert_type: "on_battery", role: "problem", severity: "major", category: "power",
    device_ip: "10.0.0.5", device_name: "ups1", title: "ups1 on battery", message: "", timestamp: "2026-01-01T00:00:00Z", metrics: {},
  };
  assert.equal(validate({ raw, expected }), true);
  assert.equal(validate([{ name: "disabled", raw, expected: null }, { raw, expected }]), true);
  assert.equal(validate({ raw, expected: { ...expected, severity: "huge" } }), false);
  assert.equal(validate({ raw: { alert_type: "x" }, expected: null }), false);
});

test("the published schema files in sdk/schemas are up to date (regenerate: oc-addon schemas --out sdk/schemas)", () => {
  for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    const published = readFileSync(fileURLToPath(new URL(`../../schemas/${file}`, import.meta.url)), "utf8");
    assert.equal(published, publishedSchemaText(schema), file);
  }
});

test("the published schemas are importable through the package's exports (@opsconductor/sdk/schemas/...)", async () => {
  for (const [file, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    const imported = await import(`@opsconductor/sdk/schemas/${file}`, { with: { type: "json" } }) as { default: object };
    assert.deepEqual(imported.default, JSON.parse(publishedSchemaText(schema)), file);
  }
});
