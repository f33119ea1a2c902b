// A connector deleted while one of its webhook deliveries is in its addon's sandbox: the delivery's
// alerts are not stored (the deletion resolved the instance's alerts, and nothing would ever clear
// new ones), and the sender is told, as one arriving a moment later would be.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createProbeHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

let h: Harness;

before(async () => {
  h = await createProbeHarness();
});
after(async () => {
  await h.close();
});

async function probeInstance(name: string): Promise<{ id: string; token: string }> {
  const created = await request(h, "POST", "/connectors", { body: {
    addon_id: "acme.probe", name, config: { targets: [{ id: "dev1", host: "127.0.0.1", port: 9, name: "Device 1" }], username: "opsbot", password: "pw" },
  } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id, token: created.body.webhook_token };
}

const deliver = (instance: { id: string; token: string }, body: unknown) =>
  request(h, "POST", `/webhooks/${instance.id}`, { as: null, body, headers: { authorization: `Bearer ${instance.token}` } });

const unresolvedOf = (connectorId: string) =>
  h.db.prepare("SELECT count(*) AS n FROM alerts WHERE connector_id = ? AND status <> 'resolved'").get(connectorId) as { n: number };

test("a delivery still in the sandbox when its connector is deleted stores nothing and is answered 409 CONNECTOR_NOT_RUNNING", async () => {
  const instance = await probeInstance("Doomed");
  assert.equal((await deliver(instance, { type: "link_down", resource: "before" })).status, 202);
  assert.equal(unresolvedOf(instance.id).n, 1);

  const delivering = deliver(instance, { type: "link_down", resource: "during", busy_ms: 600 });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const deleted = await request(h, "DELETE", `/connectors/${instance.id}`, { as: "operator" });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  const answer = await delivering;

  assert.equal(answer.status, 409, JSON.stringify(answer.body));
  assert.equal(answer.body.error.code, "CONNECTOR_NOT_RUNNING");
  assert.match(answer.body.error.message, /stopped \(disabled or deleted\) while its delivery was in its sandbox: nothing stored/);
  assert.equal(unresolvedOf(instance.id).n, 0, "nothing left open for a connector that is gone");
  const during = h.db.prepare("SELECT count(*) AS n FROM alerts WHERE resource = 'during'").get() as { n: number };
  assert.equal(during.n, 0, "the delivery's alert was not stored");
});

test("another connector's deliveries go on meanwhile", async () => {
  const survivor = await probeInstance("Survivor");
  const answer = await deliver(survivor, { type: "link_down", resource: "survivor" });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.equal(unresolvedOf(survivor.id).n, 1);
});
