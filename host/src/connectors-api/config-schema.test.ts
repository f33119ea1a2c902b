import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError, validateManifest } from "@opsconductor/sdk";
import { checkTargetHosts, configSchemaInfo, splitConfig, targetsOf, validateConfig } from "./config-schema.ts";
import { mergeConfig } from "./connector-service.ts";

const manifest = validateManifest({
  id: "acme.ups", name: "UPS", version: "1.0.0", category: "device", description: "d", publisher: "Acme", core: "^0.1.0",
  config_schema: {
    type: "object",
    required: ["devices", "community"],
    properties: {
      devices: { type: "array", "x-widget": "targets", items: { type: "object", required: ["host"], properties: { host: { type: "string" }, port: { type: "integer" } } } },
      community: { type: "string", sensitive: true, "x-widget": "credentials" },
      every: { type: "integer", minimum: 10, default: 30, "x-widget": "poll-interval" },
    },
  },
});

test("the schema's widgets name the secrets, the targets array and the poll interval", () => {
  assert.deepEqual(configSchemaInfo(manifest), { sensitive: ["community"], targets: "devices", pollInterval: "every" });
});

test("validation applies defaults and names every failing field", () => {
  const config: Record<string, unknown> = { devices: [{ host: "10.0.0.5" }], community: "c" };
  validateConfig(manifest, config);
  assert.equal(config.every, 30);
  assert.throws(() => validateConfig(manifest, { devices: [{ port: "x" }] }), (error: Error & { code?: string }) => {
    assert.equal(error.code, "CONNECTOR_CONFIG_INVALID");
    assert.match(error.message, /\/community is required/);
    assert.match(error.message, /\/devices\/0\/host is required/);
    assert.match(error.message, /\/devices\/0\/port must be integer/);
    // The same problems as data: what the API's error body carries and the UI marks fields by.
    assert.deepEqual((error as Error & { details?: unknown }).details, { fields: [
      { pointer: "/community", message: "is required" },
      { pointer: "/devices/0/host", message: "is required" },
      { pointer: "/devices/0/port", message: "must be integer" },
    ] });
    return true;
  });
});

test("secrets are split off; targets get an id and a name", () => {
  const info = configSchemaInfo(manifest);
  const { config, secrets } = splitConfig(info, { devices: [{ host: "10.0.0.5" }, { id: "b", host: "ups-b.lan", name: "UPS B" }, { port: 1 }], community: "c", every: 30 });
  assert.deepEqual(secrets, { community: "c" });
  assert.equal(config.community, undefined);
  assert.deepEqual(targetsOf(info, config), [
    { host: "10.0.0.5", id: "10.0.0.5", name: "10.0.0.5" },
    { id: "b", host: "ups-b.lan", name: "UPS B" },
  ]);
});

test("PUT: the body replaces the config, an omitted secret keeps its value, null clears it", () => {
  const stored = { devices: [], community: "old", note: "x" };
  assert.deepEqual(mergeConfig(["community"], stored, { devices: [1] }), { devices: [1], community: "old" });
  assert.deepEqual(mergeConfig(["community"], stored, { community: "new" }), { community: "new" });
  assert.deepEqual(mergeConfig(["community"], stored, { community: null, devices: [] }), { devices: [] });
});

test("a config_schema that cannot check a config is ADDON_CONFIG_SCHEMA_INVALID, not an INTERNAL stack overflow", () => {
  // As installed before the manifest check refused it: the manifest is not validated here.
  const looping = {
    ...manifest, id: "acme.loop",
    config_schema: { type: "object", properties: {}, $ref: "#/$defs/loop", $defs: { loop: { $ref: "#/$defs/loop" } } },
  } as unknown as typeof manifest;
  for (let attempt = 0; attempt < 2; attempt++) {
    assert.throws(() => validateConfig(looping, {}), (error: Error & { code?: string; details?: unknown }) => {
      assert.equal(error.code, "ADDON_CONFIG_SCHEMA_INVALID", String(error));
      assert.match(error.message, /acme\.loop 1\.0\.0: its config_schema cannot check a config \(the stack overflowed\)/);
      assert.deepEqual(error.details, { id: "acme.loop", version: "1.0.0" });
      return true;
    }, `attempt ${attempt}`);
  }
});

test("two addons' config schemas with the same $id do not clash", () => {
  const withId = (id: string, type: string) => ({
    ...manifest, id, config_schema: { $id: "https://acme.example/config.json", type: "object", properties: { a: { type } } },
  } as unknown as typeof manifest);
  validateConfig(withId("acme.one", "string"), { a: "text" });
  validateConfig(withId("acme.two", "integer"), { a: 1 });
  assert.throws(() => validateConfig(withId("acme.two", "integer"), { a: "text" }), /\/a must be integer/);
});

test("an addon's pattern that backtracks exponentially answers at once: patterns run in linear time", () => {
  // With a backtracking engine this check takes minutes (2^40 ways to split the a's), the daemon with it.
  const hostnames = validateManifest({
    ...manifest, id: "acme.hosts",
    config_schema: { type: "object", properties: { host: { type: "string", pattern: "^([a-z0-9]+-?)*$" } } },
  });
  assert.throws(() => validateConfig(hostnames, { host: `${"a".repeat(40)}!` }), { code: "CONNECTOR_CONFIG_INVALID" });
  validateConfig(hostnames, { host: "core-sw1" });
});

test("a target host must be bare when a config is saved; a stored one that is not still validates, so its instance starts and the other targets poll", () => {
  const config = { devices: [{ host: "10.0.0.5" }, { host: "https://10.0.0.6:8443" }, { host: "fe80::1%eth0" }, { host: "ups.example." }], community: "c" };
  assert.throws(() => checkTargetHosts(manifest, config), (error: unknown) => OcError.is(error, "CONNECTOR_CONFIG_INVALID")
    && JSON.stringify((error as OcError).details) === JSON.stringify({ fields: [{ pointer: "/devices/1/host", message: "must be a host name or an IP address alone (no scheme, port or path)" }] }));
  assert.doesNotThrow(() => validateConfig(manifest, structuredClone(config)), "the schema check at start leaves hosts to the broker, per target");
});
