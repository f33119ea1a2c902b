// The built-in generic webhook, through the same path as any addon: built, signed with a core key
// and packed by scripts/build/addons.ts, installed by the daemon at start, then fed over HTTP.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { ALERT_LIMITS } from "../../host/src/alerts/bounds.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import type { DaemonConfig } from "../../host/src/config/schema.ts";
import { apiClient } from "../support/api-client.ts";

const root = mkdtempSync(join(tmpdir(), "oc-builtin-"));
const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false };
let daemon: Daemon;
let token: string;
let connectorId: string;
let webhookToken: string;

const api = apiClient(() => daemon.url, () => token);

async function deliver(body: unknown, headers: Record<string, string>, query = ""): Promise<{ status: number; body: any }> {
  const response = await fetch(`${daemon.url}/api/v1/webhooks/${connectorId}${query}`, {
    method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

before(async () => {
  await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), log: () => {}, only: ["opsconductor.webhook"] });
  daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: builtins });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  token = daemon.api.services.tokens.create(admin.id, "test").token;
});
after(() => daemon?.close());

test("the daemon trusts the core key for opsconductor. and installs the built-in at start", async () => {
  const [addon] = (await api("GET", "/addons")).body.items;
  assert.equal(addon.id, "opsconductor.webhook");
  assert.equal(addon.trust_level, "core");
  assert.equal(addon.status, "active");
  assert.deepEqual(addon.capabilities, ["webhooks"]);
  const trust = daemon.addons!.trust.list();
  assert.deepEqual(trust.map((entry) => [entry.level, entry.idPrefixes]), [["core", ["opsconductor."]]]);
});

test("a webhook instance's token is shown once; POST /webhooks/:id with it makes alerts, in any of three places", async () => {
  const created = await api("POST", "/connectors", { addon_id: "opsconductor.webhook", name: "Monitoring", config: { fields: { severity: "/level" } } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  connectorId = created.body.id;
  webhookToken = created.body.webhook_token;
  assert.deepEqual(created.body.webhook, { path: `/api/v1/webhooks/${connectorId}`, token_set: true, in_progress: 0, refused_busy: 0 });
  assert.equal((await api("GET", `/connectors/${connectorId}`)).body.webhook_token, undefined, "never shown again");
  assert.deepEqual((await api("GET", "/scheduler/jobs?kind=connector.poll")).body.items, [], "a webhook-only addon is not polled");
  assert.equal(created.body.status, "new");

  const one = await deliver({ alert_type: "disk_full", device_ip: "10.1.2.3", device_name: "nas1", level: "critical", resource: "/vol1", message: "95%" },
    { authorization: `Bearer ${webhookToken}` });
  assert.equal(one.status, 202, JSON.stringify(one.body));
  assert.equal(one.body.alerts, 1);
  assert.equal(one.body.ingest.created, 1);
  const receiving = (await api("GET", `/connectors/${connectorId}`)).body;
  assert.deepEqual([receiving.status, receiving.last_poll_at], ["ok", null], "ok once it took a delivery, with no poll to its name");

  const two = await deliver([{ alert_type: "link_down", device_ip: "10.1.2.4", level: "major" }, { alert_type: "backup_ok", device_name: "bk", level: "info" }],
    { "x-opsconductor-token": webhookToken });
  assert.equal(two.body.alerts, 2);
  const cleared = await deliver({ alert_type: "disk_full", device_ip: "10.1.2.3", device_name: "nas1", level: "resolved", resource: "/vol1" }, {},
    `?token=${encodeURIComponent(webhookToken)}`);
  assert.equal(cleared.body.ingest.resolved, 1);

  const alerts = (await api("GET", "/alerts?connector_type=opsconductor.webhook&status=open")).body.items;
  assert.deepEqual(alerts.map((alert: { alert_type: string; severity: string }) => [alert.alert_type, alert.severity]), [["link_down", "major"]]);
  // The seed: category `*` → application; no template for these types, so the sender's severity sets the
  // urgency (major/critical → high); a device not in the inventory has medium impact; medium × high = P2.
  const [linkDown] = alerts;
  assert.equal(linkDown.category, "application");
  assert.equal(linkDown.priority, "P2");
  assert.match(linkDown.priority_reason, /^P2 because impact medium \(.+\) × urgency high \(severity major\)$/);
  const resolved = (await api("GET", "/alerts?status=resolved")).body.items.find((alert: { alert_type: string }) => alert.alert_type === "disk_full");
  assert.equal(resolved.severity, "critical");
  assert.equal(resolved.category, "application");
  assert.equal(resolved.priority, "P2");
  assert.match(resolved.priority_reason, /^P2 because impact medium \(.+\) × urgency high \(severity critical\)$/);
  assert.equal(resolved.raw.payload.message, "95%", "the whole event is kept in raw.payload");
});

test("a wrong or missing token, or an unknown connector, is 401; bad bodies are refused before the addon's receive", async () => {
  for (const [headers, query] of [[{ authorization: "Bearer ocw_wrong" }, ""], [{}, ""], [{ "x-opsconductor-token": "" }, "?token=nope"]] as const) {
    const refused = await deliver({ alert_type: "x" }, headers, query);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, "WEBHOOK_TOKEN_INVALID");
  }
  const unknown = await fetch(`${daemon.url}/api/v1/webhooks/nope`, { method: "POST", headers: { authorization: `Bearer ${webhookToken}`, "content-type": "application/json" }, body: "{}" });
  assert.equal(unknown.status, 401);
  const notJson = await deliver("{not json", { authorization: `Bearer ${webhookToken}` });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.code, "BODY_INVALID_JSON", "parsed in the sandbox, refused with the host's code");
  assert.match(notJson.body.error.message, /not valid JSON/);
  // 40,000 levels parse (JSON.parse does not recurse) but would overflow the stack where alerts are stored and served.
  const tooDeep = await deliver(`{"alert_type":"x","device_ip":"10.1.2.3","deep":${"[".repeat(40_000)}${"]".repeat(40_000)}}`, { authorization: `Bearer ${webhookToken}` });
  assert.equal(tooDeep.status, 400);
  assert.equal(tooDeep.body.error.code, "BODY_INVALID_JSON");
  assert.match(tooDeep.body.error.message, /nests deeper than 32 levels/);
  const huge = await deliver({ pad: "x".repeat(300 * 1024) }, { authorization: `Bearer ${webhookToken}` });
  assert.equal(huge.status, 413);
  const form = await fetch(`${daemon.url}/api/v1/webhooks/${connectorId}`, { method: "POST", headers: { authorization: `Bearer ${webhookToken}` }, body: new URLSearchParams({ a: "b" }) });
  assert.equal(form.status, 415);
});

test("a delivery the addon cannot take whole is refused 422 WEBHOOK_DELIVERY_REJECTED with the reason, and nothing of it stored", async () => {
  const auth = { authorization: `Bearer ${webhookToken}` };
  const count = () => (daemon.api.services.deps.db.prepare("SELECT count(*) AS n FROM alerts WHERE resource LIKE 'rejected:%'").get() as { n: number }).n;
  const mixed = await deliver([{ alert_type: "link_down", device_ip: "10.1.2.3", resource: "rejected:1" }, "port 2 down", { alert_type: "link_down", device_ip: "10.1.2.3", resource: "rejected:3" }], auth);
  assert.deepEqual([mixed.status, mixed.body.error.code, mixed.body.error.message], [422, "WEBHOOK_DELIVERY_REJECTED", "event 1 of the delivery is string, not an object"]);
  const tooMany = await deliver(Array.from({ length: 5_001 }, (_, i) => ({ resource: `rejected:${i}` })), auth);
  assert.deepEqual([tooMany.status, tooMany.body.error.code], [422, "WEBHOOK_DELIVERY_REJECTED"]);
  assert.match(tooMany.body.error.message, /carries 5001 events, more than the 5000 taken at once/);
  assert.equal(count(), 0, "nothing of a refused delivery is stored");
  const next = await deliver({ alert_type: "link_down", device_ip: "10.1.2.3", resource: "rejected:after" }, auth);
  assert.deepEqual([next.status, next.body.alerts], [202, 1], "the instance takes the next delivery");
});

test("concurrent deliveries of one alert are each stored and answered with their own result: one alert, every occurrence counted", async () => {
  const event = { alert_type: "fan_failed", device_ip: "10.1.2.9", device_name: "core1", level: "major", resource: "fan:2" };
  const answers = await Promise.all(Array.from({ length: 12 }, () => deliver(event, { authorization: `Bearer ${webhookToken}` })));
  assert.deepEqual(answers.map((answer) => answer.status), Array(12).fill(202));
  assert.deepEqual(answers.map((answer) => answer.body.alerts), Array(12).fill(1));
  const sum = (field: string) => answers.reduce((total, answer) => total + answer.body.ingest[field], 0);
  assert.deepEqual([sum("received"), sum("created"), sum("deduplicated")], [12, 1, 11], "one alert opened, every other delivery a repeat of it");
  const open = (await api("GET", "/alerts?status=open")).body.items.filter((alert: { alert_type: string }) => alert.alert_type === "fan_failed");
  assert.equal(open.length, 1);
  assert.equal(open[0].occurrence_count, 12, "no occurrence lost under concurrency");
});

test("an event with a 200 KB message is stored with its message and raw event cut to the store's bounds, not refused", async () => {
  const message = "disk array log line\n".repeat(10_000);
  const answer = await deliver({ alert_type: "raid_degraded", device_ip: "10.1.2.10", level: "major", message }, { authorization: `Bearer ${webhookToken}` });
  assert.equal(answer.status, 202, JSON.stringify(answer.body));
  assert.deepEqual([answer.body.ingest.created, answer.body.ingest.truncated], [1, 1]);
  const [alert] = (await api("GET", "/alerts?status=open")).body.items.filter((item: { alert_type: string }) => item.alert_type === "raid_degraded");
  assert.equal(alert.message.length <= ALERT_LIMITS.message, true);
  assert.equal(alert.message.startsWith("disk array log line\ndisk array"), true);
  assert.match(alert.message, /more characters cut\]$/);
  assert.equal(typeof alert.raw._truncated.characters, "number", "the raw event (with the whole message in its payload) is over its bound too");
  const { history } = (await api("GET", `/alerts/${alert.id}`)).body;
  assert.deepEqual(history[0].details.truncated, ["message", "raw"], "the cut is named in the alert's history");
});

test("a full disk answers deliveries 507 STORE_FULL (nothing stored) and /healthz degraded; with room again both recover", async () => {
  const db = daemon.api.services.deps.db;
  const health = async () => {
    const response = await fetch(`${daemon.url}/api/v1/healthz`);
    return [response.status, ((await response.json()) as { db: string }).db];
  };
  const events = Array.from({ length: 300 }, (_, i) => ({ alert_type: "disk_full", device_ip: `10.7.${i >> 8}.${i & 255}`, level: "major", message: "y".repeat(300) }));
  db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
  try {
    const refused = await deliver(events, { authorization: `Bearer ${webhookToken}` });
    assert.equal(refused.status, 507);
    assert.equal(refused.body.error.code, "STORE_FULL");
    assert.deepEqual(await health(), [503, "STORE_FULL"]);
  } finally {
    db.pragma("max_page_count = 1073741823");
  }
  const stored = await deliver(events, { authorization: `Bearer ${webhookToken}` });
  assert.equal(stored.status, 202);
  assert.equal(stored.body.ingest.created, 300, "the delivery sent again is stored whole");
  assert.deepEqual(await health(), [200, "ok"]);
});

test("rotating the token retires the old one at once", async () => {
  const rotated = await api("POST", `/connectors/${connectorId}/webhook-token`);
  assert.equal(rotated.status, 200);
  assert.equal((await deliver({ alert_type: "x" }, { authorization: `Bearer ${webhookToken}` })).status, 401);
  assert.equal((await deliver({ alert_type: "x" }, { authorization: `Bearer ${rotated.body.webhook_token}` })).status, 202);
});

test("at the next start the built-in is re-verified and kept, not reinstalled", async () => {
  await daemon.close();
  daemon = await startDaemon(config, { log: () => {}, uiDir: null, builtinAddons: builtins });
  const [addon] = (await api("GET", "/addons")).body.items;
  assert.equal(addon.status, "active");
  assert.equal(addon.previous_version, null);
  const token2 = (await api("POST", `/connectors/${connectorId}/webhook-token`)).body.webhook_token;
  assert.equal((await deliver({ alert_type: "after_restart" }, { authorization: `Bearer ${token2}` })).status, 202);
});
