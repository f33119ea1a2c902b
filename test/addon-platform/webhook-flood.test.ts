// Floods of webhook deliveries against the built-in webhook addon in the real daemon: admitted a
// few at a time into the sandbox (its isolate's memory limit is shared by every delivery in it),
// the rest waiting, and past an instance's bound refused at once with WEBHOOK_BUSY and Retry-After;
// an upload that stalls is cut off at the upload limit (WEBHOOK_UPLOAD_TIMEOUT) and gives its place back.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { AddonPlatform } from "../../host/src/addons/platform.ts";
import { startDaemon, type Daemon } from "../../host/src/daemon.ts";
import type { DaemonConfig } from "../../host/src/config/schema.ts";
import { DEFAULT_DELIVERY_LIMITS } from "../../host/src/webhooks/delivery-gate.ts";
import { apiClient } from "../support/api-client.ts";

const root = mkdtempSync(join(tmpdir(), "oc-flood-"));
const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
const config: DaemonConfig = { port: 0, host: "127.0.0.1", dataDir: join(root, "data"), trapPort: 0, dev: false };
// A small sandbox, so that a flood of modest size would blow it if it were let in at once.
const MEMORY_MB = 8;
// Long enough for the slow uploads below that do finish, short enough to wait for one that does not.
const UPLOAD_TIMEOUT_MS = 3_000;
let daemon: Daemon;
let token: string;

const api = apiClient(() => daemon.url, () => token);

async function webhookInstance(name: string): Promise<{ id: string; headers: Record<string, string> }> {
  const created = await api("POST", "/connectors", { addon_id: "opsconductor.webhook", name, config: { fields: { severity: "/level" } } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { id: created.body.id, headers: { authorization: `Bearer ${created.body.webhook_token}`, "content-type": "application/json" } };
}

const events = (tag: string, count: number) => JSON.stringify(Array.from({ length: count }, (_, i) => ({
  alert_type: "link_down", device_ip: `10.9.${(i >> 8) & 255}.${i & 255}`, device_name: `sw-${i}`, level: "major",
  resource: `${tag}:port-${i}`, message: `interface ${i} of ${tag} is down: ${"carrier lost; ".repeat(6)}`,
})));

before(async () => {
  await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), log: () => {}, only: ["opsconductor.webhook"] });
  daemon = await startDaemon(config, {
    log: () => {}, uiDir: null, builtinAddons: builtins,
    wiring: {
      createAddons: ({ db, clock, alerts, vault, log, builtins: signed }) => new AddonPlatform({
        db, clock, alerts, vault, log, builtins: signed, dataDir: config.dataDir, dev: false, traps: null, runtimeLimits: { memoryMb: MEMORY_MB },
        deliveryLimits: { uploadTimeoutMs: UPLOAD_TIMEOUT_MS },
      }),
    },
  });
  const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
  token = daemon.api.services.tokens.create(admin.id, "test").token;
});
after(() => daemon?.close());

test(`120 concurrent deliveries of 700 events into a ${MEMORY_MB} MB sandbox: each stored whole or refused busy, the addon never over its limit`, async () => {
  const { id, headers } = await webhookInstance("Flooded");
  const url = new URL(`${daemon.url}/api/v1/webhooks/${id}`);
  const pool = new Pool(url.origin, { connections: 120 });
  try {
    const answers = await Promise.all(Array.from({ length: 120 }, async (_, k) => {
      const response = await pool.request({ path: url.pathname, method: "POST", headers, body: events(`flood${k}`, 700) });
      return { status: response.statusCode, retryAfter: response.headers["retry-after"], body: await response.body.json() as any };
    }));
    const accepted = answers.filter((answer) => answer.status === 202);
    const refused = answers.filter((answer) => answer.status !== 202);
    for (const answer of refused) {
      assert.deepEqual([answer.status, answer.body.error.code, answer.retryAfter], [503, "WEBHOOK_BUSY", "1"], JSON.stringify(answer.body));
    }
    assert.equal(accepted.every((answer) => answer.body.alerts === 700 && answer.body.ingest.created === 700), true);
    const [stats] = (await api("GET", "/addons")).body.items.map((addon: { stats: unknown }) => addon.stats);
    assert.deepEqual([stats.failures, stats.restarts, stats.lastError], [0, 0, null], "no delivery failed in the sandbox");
    const stored = daemon.api.services.deps.db.prepare("SELECT count(*) AS n FROM alerts WHERE resource LIKE 'flood%'").get() as { n: number };
    assert.equal(stored.n, accepted.length * 700, "every accepted delivery stored whole, nothing of a refused one");
  } finally {
    await pool.close();
  }
});

/** A delivery whose body is sent only when `finish` is called: admitted, still uploading. */
function slowDelivery(id: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  let request!: ClientRequest;
  const answer = new Promise<{ status: number; connection: string | undefined; body: any }>((resolve, reject) => {
    request = httpRequest(`${daemon.url}/api/v1/webhooks/${id}`, { method: "POST", headers: { ...headers, "content-length": String(bytes.length) } },
      (response: IncomingMessage) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, connection: response.headers.connection, body: JSON.parse(text) }));
      });
    request.on("error", reject);
  });
  request.flushHeaders();
  request.write(bytes.subarray(0, 10));
  const closed = new Promise<void>((resolve) => request.on("close", () => resolve()));
  return { answer, closed, finish: () => request.end(bytes.subarray(10)) };
}

test("an instance with as many deliveries in progress as it may have refuses the next at once; others are served; once done it takes more", async () => {
  const busy = await webhookInstance("Busy");
  const other = await webhookInstance("Other");
  const slow = Array.from({ length: DEFAULT_DELIVERY_LIMITS.perInstance }, (_, k) => slowDelivery(busy.id, busy.headers, events(`slow${k}`, 1)));
  const post = (instance: { id: string; headers: Record<string, string> }, body: string) =>
    fetch(`${daemon.url}/api/v1/webhooks/${instance.id}`, { method: "POST", headers: instance.headers, body });
  // The uploads are admitted as their headers arrive: the connector record counts them.
  const load = async () => (await api("GET", `/connectors/${busy.id}`)).body.webhook;
  for (let attempt = 0; (await load()).in_progress < slow.length; attempt++) {
    assert.ok(attempt < 500, `only ${(await load()).in_progress} of ${slow.length} uploads were admitted`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const refused = await post(busy, events("one-more", 1));
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get("retry-after"), "1");
  assert.equal(((await refused.json()) as any).error.code, "WEBHOOK_BUSY");
  assert.deepEqual(await load(), { path: `/api/v1/webhooks/${busy.id}`, token_set: true, in_progress: slow.length, refused_busy: 1 });
  const served = await post(other, events("other", 3));
  assert.equal(served.status, 202, "another instance is not held up by slow uploads to this one");
  for (const delivery of slow) delivery.finish();
  const answers = await Promise.all(slow.map((delivery) => delivery.answer));
  assert.deepEqual(answers.map((answer) => answer.status), Array(slow.length).fill(202));
  assert.equal((await post(busy, events("after", 1))).status, 202);
  assert.deepEqual([(await load()).in_progress, (await load()).refused_busy], [0, 1], "every place given back");
});

test("an upload that stalls is answered 408 WEBHOOK_UPLOAD_TIMEOUT at the upload limit, its connection closed and its place given back", { timeout: 30_000 }, async () => {
  const stalled = await webhookInstance("Stalled");
  const load = async () => (await api("GET", `/connectors/${stalled.id}`)).body.webhook;
  const started = Date.now();
  const delivery = slowDelivery(stalled.id, stalled.headers, events("stalled", 5));
  const answer = await delivery.answer;
  const waited = Date.now() - started;
  assert.deepEqual([answer.status, answer.body.error.code, answer.connection], [408, "WEBHOOK_UPLOAD_TIMEOUT", "close"], JSON.stringify(answer.body));
  assert.ok(waited >= UPLOAD_TIMEOUT_MS - 100 && waited < UPLOAD_TIMEOUT_MS + 5_000, `answered after ${waited} ms`);
  await delivery.closed;
  assert.equal((await load()).in_progress, 0, "the place is given back");
  const stored = daemon.api.services.deps.db.prepare("SELECT count(*) AS n FROM alerts WHERE resource LIKE 'stalled:%'").get() as { n: number };
  assert.equal(stored.n, 0, "nothing of the cut delivery is stored");
  const next = await fetch(`${daemon.url}/api/v1/webhooks/${stalled.id}`, { method: "POST", headers: stalled.headers, body: events("after-stall", 2) });
  assert.equal(next.status, 202);
});
