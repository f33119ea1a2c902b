// The manifest's config_schema, checked by the host's own validator: the credential each SNMP
// version needs is required when the connector is saved, not found missing at its first poll.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OcError, type Manifest } from "@opsconductor/sdk";
import { validateConfig } from "../../../host/src/connectors-api/config-schema.ts";

const manifest = JSON.parse(readFileSync(new URL("../manifest.json", import.meta.url), "utf8")) as Manifest;
const targets = [{ id: "ups1", host: "192.0.2.40", name: "UPS 1" }];

const problemsOf = (config: Record<string, unknown>) => {
  try {
    validateConfig(manifest, config);
    return [];
  } catch (error) {
    assert.ok(OcError.is(error, "CONNECTOR_CONFIG_INVALID"), String(error));
    return (error.details as { fields: unknown[] }).fields;
  }
};

test("v1 and v2c (the default) need snmp_community, v3 needs snmp_user; each is named alone", () => {
  assert.deepEqual(problemsOf({ targets }), [{ pointer: "/snmp_community", message: "is required" }]);
  assert.deepEqual(problemsOf({ targets, snmp_version: "1" }), [{ pointer: "/snmp_community", message: "is required" }]);
  assert.deepEqual(problemsOf({ targets, snmp_version: "3", snmp_auth_key: "authkey123" }), [{ pointer: "/snmp_user", message: "is required" }]);
  assert.deepEqual(problemsOf({ targets, snmp_community: "public" }), []);
  assert.deepEqual(problemsOf({ targets, snmp_version: "3", snmp_user: "monitor" }), []);
});
