import { test } from "node:test";
import assert from "node:assert/strict";
import { emptyMappingSnapshot, type MappingSnapshot } from "@opsconductor/sdk";
import { fingerprinterFor, healthFingerprint, isFingerprintField } from "./fingerprint.ts";
import { problem, TYPE } from "./testdata/fixtures.ts";

const DEFAULT_FIELDS = ["connector_id", "device_ip", "alert_type_base", "resource"];
const snapshot: MappingSnapshot = {
  ...emptyMappingSnapshot(TYPE),
  severity: { power_restored: { severity: "clear", clears: "on_battery" } },
};
const key = (fields: string[], overrides: Parameters<typeof problem>[0] = {}, connectorId = "c1") =>
  fingerprinterFor(fields)(problem(overrides), connectorId, snapshot);

test("the default key pairs problems with their clears and separates everything else", () => {
  const base = key(DEFAULT_FIELDS);
  const cases: Array<[string, string, boolean]> = [
    ["link_up clears link_down", key(DEFAULT_FIELDS, { alert_type: "link_up", role: "clear" }), true],
    ["link_restored clears link_down", key(DEFAULT_FIELDS, { alert_type: "link_restored" }), true],
    ["a different severity is the same key", key(DEFAULT_FIELDS, { severity: "critical" }), true],
    ["a different device name is the same key", key(DEFAULT_FIELDS, { device_name: "renamed" }), true],
    ["another resource", key(DEFAULT_FIELDS, { resource: "ge-0/0/2" }), false],
    ["another device", key(DEFAULT_FIELDS, { device_ip: "192.0.2.2" }), false],
    ["another instance", key(DEFAULT_FIELDS, {}, "c2"), false],
    ["another alert type", key(DEFAULT_FIELDS, { alert_type: "cpu_high" }), false],
  ];
  for (const [name, other, same] of cases) assert.equal(other === base, same, name);
});

test("a mapping's `clears` pairs a clear whose name does not match its problem", () => {
  assert.equal(
    key(DEFAULT_FIELDS, { alert_type: "power_restored", resource: undefined }),
    key(DEFAULT_FIELDS, { alert_type: "on_battery", resource: undefined }),
  );
});

test("rules may name metrics and raw paths; absent and empty values are one key", () => {
  const fields = ["device_ip", "metrics.vlan"];
  assert.notEqual(key(fields, { metrics: { vlan: 10 } }), key(fields, { metrics: { vlan: 20 } }));
  assert.equal(key(fields, { metrics: { vlan: 10, load: 1 } }), key(fields, { metrics: { vlan: 10, load: 2 } }));
  assert.equal(key(["device_ip", "resource"], { resource: undefined }), key(["device_ip", "resource"], { resource: "" }));
  assert.notEqual(key(["raw.sensor.id"], { raw: { sensor: { id: 1 } } }), key(["raw.sensor.id"], { raw: { sensor: { id: 2 } } }));
});

test("keys are unambiguous: values cannot shift between fields", () => {
  const fields = ["device_ip", "resource"];
  assert.notEqual(key(fields, { device_ip: "a", resource: "bc" }), key(fields, { device_ip: "ab", resource: "c" }));
  assert.notEqual(key(fields, { metrics: {} }), key(["resource", "device_ip"]));
  assert.notEqual(key(["metrics.x"], { metrics: { x: 1 } }), key(["metrics.x"], { metrics: { x: "1" } }));
});

test("fingerprints are 32 hex characters and health keys never collide with alert keys", () => {
  assert.match(key(DEFAULT_FIELDS), /^[0-9a-f]{32}$/);
  assert.notEqual(healthFingerprint("c1", "t1"), healthFingerprint("c1", null));
  assert.notEqual(healthFingerprint("c1", "t1"), healthFingerprint("c2", "t1"));
  assert.notEqual(healthFingerprint("c1", null), key(["connector_id"], {}, "c1"));
});

test("isFingerprintField accepts the alert fields and metrics/raw paths only", () => {
  const cases: Array<[string, boolean]> = [
    ["connector_id", true], ["alert_type_base", true], ["metrics.vlan", true], ["raw.a.b", true],
    ["metrics", false], ["metrics.", false], ["password", false], ["", false],
  ];
  for (const [field, valid] of cases) assert.equal(isFingerprintField(field), valid, field);
});
