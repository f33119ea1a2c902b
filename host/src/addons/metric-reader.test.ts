import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateManifest } from "@opsconductor/sdk";
import { startSnmpAgent } from "../../../test/sim/snmp-agent/snmp-agent.ts";
import { pollMetrics } from "../connectors/metrics-poll.ts";
import { SecretVault } from "../secrets/vault.ts";
import { openDatabase, type Db } from "../store/database.ts";
import { systemClock } from "../util/clock.ts";
import { saveInstalledVersion } from "./installed-addons.ts";
import { SnmpMetricReader } from "./metric-reader.ts";

const AT = "2026-03-01T00:00:00.000Z";

function addon(db: Db, id: string, permissions: string[]): void {
  const manifest = validateManifest({
    id, name: id, version: "1.0.0", category: "device", description: "d", publisher: "p", core: "^0.1.0", permissions,
    config_schema: { type: "object", properties: { targets: { type: "array", "x-widget": "targets" }, snmp_community: { type: "string", sensitive: true } } },
  });
  saveInstalledVersion(db, { id, version: "1.0.0", previousVersion: null, manifest, trustLevel: "core", keyId: null, path: "/x", enabled: true, status: "active" }, AT);
}

function device(db: Db, vault: SecretVault, connectorId: string, addonId: string, ip: string, config: Record<string, unknown>, secrets: Record<string, unknown>): number {
  db.prepare("INSERT INTO connectors (id, addon_id, name, config_json, secrets_enc, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(connectorId, addonId, connectorId, JSON.stringify(config), vault.encryptJson(secrets), AT, AT);
  const deviceId = Number(db.prepare("INSERT INTO devices (connector_id, external_id, name, ip, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(connectorId, ip, `ups-${connectorId}`, ip, AT, AT).lastInsertRowid);
  return Number(db.prepare("INSERT INTO polling_configs (device_id, name, oids_json, interval_s, created_at, updated_at) VALUES (?, 'basics', ?, 30, ?, ?)")
    .run(deviceId, JSON.stringify([{ oid: "1.3.6.1.2.1.1.3.0", metric: "uptime" }, { oid: "1.3.6.1.2.1.1.5.0", metric: "name" }]), AT, AT).lastInsertRowid);
}

test("metrics.poll reads a device's OIDs over SNMP with its connector's community (a secret, decrypted host-side)", async (t) => {
  const agent = await startSnmpAgent({ communities: ["m3tr1cs"], scalars: [
    { oid: "1.3.6.1.2.1.1.3", type: "TimeTicks", value: 12345 }, { oid: "1.3.6.1.2.1.1.5", type: "OctetString", value: "ups-1" },
  ] });
  t.after(() => agent.close());
  const db = openDatabase(":memory:");
  const vault = SecretVault.open(join(mkdtempSync(join(tmpdir(), "oc-vault-")), "secret.key"));
  addon(db, "acme.ups", ["snmp"]);
  const pollingId = device(db, vault, "ups1", "acme.ups", "127.0.0.1",
    { targets: [{ host: "127.0.0.1", snmp_port: agent.port }] }, { snmp_community: "m3tr1cs" });
  const metrics = new SnmpMetricReader({ db, vault, clock: systemClock });
  const result = await pollMetrics({ db, clock: systemClock, metrics }, pollingId, new AbortController().signal);
  assert.equal(result.samples, 2);
  assert.deepEqual(db.prepare("SELECT metric, value FROM metric_samples ORDER BY metric").all(), [
    { metric: "name", value: null }, { metric: "uptime", value: 12345 },
  ]);
});

test("a device whose connector does not speak SNMP, or that has none, is METRICS_SOURCE_UNSUPPORTED", async () => {
  const db = openDatabase(":memory:");
  const vault = SecretVault.open(join(mkdtempSync(join(tmpdir(), "oc-vault-")), "secret.key"));
  addon(db, "acme.nms", ["http"]);
  const pollingId = device(db, vault, "nms1", "acme.nms", "10.0.0.9", {}, {});
  const metrics = new SnmpMetricReader({ db, vault, clock: systemClock });
  await assert.rejects(pollMetrics({ db, clock: systemClock, metrics }, pollingId, new AbortController().signal),
    { code: "METRICS_SOURCE_UNSUPPORTED", message: /comes from acme\.nms, which does not speak SNMP/ });
  db.prepare("UPDATE devices SET connector_id = NULL").run();
  await assert.rejects(pollMetrics({ db, clock: systemClock, metrics }, pollingId, new AbortController().signal), { code: "METRICS_SOURCE_UNSUPPORTED" });
});
