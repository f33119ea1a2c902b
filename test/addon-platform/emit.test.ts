// ctx.emit end to end: a signed addon is installed, a connector created, and the events its poll
// pushes through ctx.emit go through that addon's normalizer into the AlertManager as the
// connector's alerts. An addon that receives no pushed messages (no webhooks, no traps) is refused.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { RawEvent } from "@opsconductor/sdk";
import { testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { emitPackage } from "../../host/src/addons/test-support/emit-package.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const signer = testSigner(["acme."], "community");
const target = { id: "cab1", host: "192.0.2.20", name: "Cabinet 1" };
const pushed: RawEvent[] = [
  { alert_type: "door_open", device_ip: "192.0.2.20", device_name: "Cabinet 1", timestamp: "2026-01-01T00:00:00.000Z", metrics: { door: 2 }, resource: "door:2", target: "cab1" },
  { alert_type: "fan_failed", device_ip: "192.0.2.21", device_name: "Cabinet 2", timestamp: "2026-01-01T00:00:01.000Z", metrics: { rpm: 0 }, resource: "fan:1" },
];
let h: Harness;

before(async () => {
  h = await createHarness({ trust: [signer.entry] });
});
after(() => h.close());

/** Installs the emit fixture as `addonId` and creates one connector on it; returns the connector id. */
async function connectorOn(addonId: string, capabilities: Array<"polling" | "webhooks">, emit: RawEvent[] = pushed): Promise<string> {
  const installed = await request(h, "POST", "/addons/install", { body: await emitPackage(signer, addonId, capabilities) });
  assert.equal(installed.status, 201, JSON.stringify(installed.body));
  const created = await request(h, "POST", "/connectors", { as: "operator", body: {
    addon_id: addonId, name: addonId, config: { targets: [target], emit },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body.id;
}

const pollNow = async (connectorId: string) => (await request(h, "POST", `/connectors/${connectorId}/poll`, { as: "operator" })).body;
const alertsOf = async (connectorId: string): Promise<Array<Record<string, unknown>>> =>
  (await request(h, "GET", `/alerts?connector_id=${connectorId}`, { as: "viewer" })).body.items;

test("events a webhooks addon emits from its poll are normalized by it and stored as its connector's alerts", async () => {
  const connectorId = await connectorOn("acme.emitter", ["polling", "webhooks"]);

  const run = await pollNow(connectorId);
  assert.equal(run.status, "ok", JSON.stringify(run));
  assert.equal(run.result.alerts, 0, "the poll's own answer had no events");

  const alerts = await alertsOf(connectorId);
  const byType = new Map(alerts.map((alert) => [alert.alert_type, alert]));
  assert.deepEqual([...byType.keys()].sort(), ["door_open", "fan_failed"]);
  for (const event of pushed) {
    const alert = byType.get(event.alert_type)!;
    assert.equal(alert.connector_id, connectorId);
    assert.equal(alert.connector_type, "acme.emitter");
    assert.equal(alert.status, "open");
    assert.equal(alert.title, `emitted ${event.alert_type} on ${event.device_name}`, "titled by the addon's normalizer");
    assert.equal(alert.device_ip, event.device_ip);
    assert.equal(alert.resource, event.resource);
    assert.deepEqual(alert.metrics, event.metrics);
    assert.deepEqual(alert.raw, event);
  }
});

test("an addon without webhooks or traps is refused ctx.emit with BROKER_PERMISSION_DENIED, and nothing is stored", async () => {
  const connectorId = await connectorOn("acme.mute", ["polling"]);

  // The fixture catches the refusal and reports it as its target's outcome: the run fails with that code.
  const run = await pollNow(connectorId);
  assert.equal(run.status, "failed", JSON.stringify(run));
  assert.equal(run.error_code, "BROKER_PERMISSION_DENIED");
  assert.match(run.error_message, /ctx\.emit is not available to this connector instance/);

  const emittedTypes = new Set(pushed.map((event) => event.alert_type));
  const stored = (await alertsOf(connectorId)).filter((alert) => emittedTypes.has(String(alert.alert_type)));
  assert.deepEqual(stored, []);
});

test("events still being normalized when their connector is deleted are not stored", async () => {
  // The fixture's normalizer keeps the sandbox busy 600 ms on this event.
  const slow: RawEvent = { alert_type: "door_open", device_ip: "192.0.2.30", device_name: "Cabinet 3", timestamp: "2026-01-01T00:00:02.000Z", metrics: { busy_ms: 600 }, resource: "door:slow", target: "cab1" };
  const connectorId = await connectorOn("acme.slow-emitter", ["polling", "webhooks"], [slow]);
  const polling = pollNow(connectorId);
  await new Promise((resolve) => setTimeout(resolve, 150));
  const deleted = await request(h, "DELETE", `/connectors/${connectorId}`, { as: "operator" });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  assert.equal((await polling).status, "interrupted", "the poll itself is aborted by the deletion");
  await new Promise((resolve) => setTimeout(resolve, 700));  // past the busy event's normalize
  const stored = h.db.prepare("SELECT status FROM alerts WHERE connector_id = ? AND resource = 'door:slow'").all(connectorId);
  assert.deepEqual(stored, [], "nothing stored for a connector that is gone");
  const open = h.db.prepare("SELECT kind, alert_type FROM alerts WHERE connector_id = ? AND status <> 'resolved'").all(connectorId);
  assert.deepEqual(open, [], "nothing left open either (a health alert of the interrupted poll included)");
});
