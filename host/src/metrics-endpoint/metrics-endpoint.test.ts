// GET /metrics over real HTTP on the real daemon (with a built UI directory, whose fallback would
// otherwise answer any path): off by default (404), on with config `metrics`, unauthenticated,
// Prometheus text 0.0.4 whose values follow known webhook deliveries through a signed test addon.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probePackage, testSigner } from "../addons/test-support/build-package.ts";
import type { DaemonConfig } from "../config/schema.ts";
import { startDaemon, type Daemon } from "../daemon.ts";
import { parseExposition, type Exposition } from "./testing.ts";

const PASSWORD = "metrics-pw-do-not-leak";
const signer = testSigner(["acme."], "community");

function config(overrides: Partial<DaemonConfig> = {}): DaemonConfig {
  return { port: 0, host: "127.0.0.1", dataDir: mkdtempSync(join(tmpdir(), "oc-metrics-")), trapPort: 0, dev: false, ...overrides };
}

function uiDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "oc-metrics-ui-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>OpsConductor</title>");
  return dir;
}

test("metrics off (the default): GET /metrics is a JSON 404, not the UI's index.html", async () => {
  const daemon = await startDaemon(config(), { log: () => {}, uiDir: uiDir() });
  try {
    assert.equal((await fetch(`${daemon.url}/alerts`)).status, 200, "the UI answers client routes");
    const answer = await fetch(`${daemon.url}/metrics`);
    assert.equal(answer.status, 404);
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
    assert.equal(daemon.api.routes.some((r) => r.path === "/metrics"), false, "no public route is declared");
  } finally {
    await daemon.close();
  }
});

describe("metrics on", () => {
  let daemon: Daemon;
  let cfg: DaemonConfig;
  let adminToken = "";
  let webhookToken = "";
  let connectorId = "";

  async function api(method: string, path: string, body?: unknown, token = adminToken): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = body instanceof Uint8Array ? "application/zip" : "application/json";
    const payload = body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body);
    const response = await fetch(`${daemon.url}/api/v1${path}`, { method, headers, body: payload as BodyInit | undefined });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function deliver(type: string, resource: string): Promise<void> {
    const answer = await api("POST", `/webhooks/${connectorId}`, { type, resource }, webhookToken);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
  }

  async function scrape(): Promise<{ response: Response; text: string; metrics: Exposition }> {
    const response = await fetch(`${daemon.url}/metrics`);
    const text = await response.text();
    return { response, text, metrics: parseExposition(text) };
  }

  before(async () => {
    cfg = config({ metrics: true });
    daemon = await startDaemon(cfg, { log: () => {}, uiDir: uiDir() });
    daemon.addons!.trust.ensure(signer.entry);
    const admin = await daemon.api.services.users.create({ username: "admin", password: "correct horse battery", role: "admin" });
    adminToken = daemon.api.services.tokens.create(admin.id, "test").token;
    // Webhooks only: no poll job, so nothing but the deliveries below moves the counters.
    const zip = await probePackage(signer, { manifest: { capabilities: ["webhooks"], permissions: ["http"], schedules: [] } });
    const installed = await api("POST", "/addons/install", new Uint8Array(zip));
    assert.equal(installed.status, 201, JSON.stringify(installed.body));
    const created = await api("POST", "/connectors", {
      id: "probe-1", addon_id: "acme.probe", name: "Probe",
      config: { targets: [{ id: "dev1", host: "127.0.0.1", port: 9 }], username: "opsbot", password: PASSWORD },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    connectorId = created.body.id;
    webhookToken = created.body.webhook_token;

    // Distinct counts, so a counter exported under another's name shows: 3 new, 2 repeats, 1 resolved, 4 dropped clears.
    for (const [type, resource] of [
      ["link_down", "ge-1"], ["link_down", "ge-2"], ["link_down", "ge-2"], ["link_down", "ge-2"], ["link_up", "ge-2"],
      ["link_up", "ge-6"], ["link_up", "ge-7"], ["link_up", "ge-8"], ["link_up", "ge-9"], ["link_down", "ge-3"],
    ] as const) await deliver(type, resource);
    const open = await api("GET", "/alerts?status=open&text=ge-1");
    assert.equal(open.body.items.length, 1);
    assert.equal((await api("POST", `/alerts/${open.body.items[0].id}/acknowledge`, {})).status, 200);
  });

  after(async () => {
    await daemon?.close();
  });

  test("answers without credentials, as Prometheus text 0.0.4", async () => {
    const { response, text } = await scrape();
    assert.equal(response.status, 200, text);
    assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4\b/);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.ok(daemon.api.routes.some((r) => r.method === "get" && r.path === "/metrics" && r.access === "public"));
  });

  test("counts the known alerts: unresolved by severity and status, today's counters per connector", async () => {
    const { metrics } = await scrape();
    const unresolved = (severity: string, status: string) => metrics.value("opsconductor_alerts_unresolved", { severity, status });
    // link_down is major by the probe addon's seeded mappings.
    assert.equal(unresolved("major", "open"), 1);
    assert.equal(unresolved("major", "acknowledged"), 1);
    assert.equal(unresolved("critical", "open"), 0, "a severity with none is 0, not absent");

    // The id has quotes: label values are escaped, and read back exactly.
    const labels = { connector_id: "probe-1", addon_id: "acme.probe" };
    const counter = (column: string) => metrics.value(`opsconductor_connector_${column}_total`, labels);
    assert.deepEqual(
      ["received", "created", "deduplicated", "resolved", "dropped_clears", "notices", "polls", "poll_failures"].map(counter),
      [10, 3, 2, 1, 4, 0, 0, 0],
    );
    assert.equal(metrics.families.get("opsconductor_connector_received_total")?.type, "counter");
  });

  test("reports the addon runtime, the trap listener, the scheduler, the process and the build", async () => {
    const { metrics } = await scrape();
    assert.equal(metrics.value("opsconductor_addon_instances", { addon_id: "acme.probe", version: "1.0.0", runtime: "isolate" }), 1);
    assert.ok((metrics.value("opsconductor_addon_cpu_seconds_total", { addon_id: "acme.probe", version: "1.0.0", runtime: "isolate" }) ?? -1) >= 0);
    assert.equal(metrics.value("opsconductor_traps_received_total"), 0);
    const resets = metrics.families.get("opsconductor_scheduler_jobs")?.samples.filter((s) => s.labels.kind === "counters.reset") ?? [];
    assert.equal(resets.reduce((sum, s) => sum + s.value, 0), 1, "one counters.reset job");
    assert.equal(metrics.value("opsconductor_scheduler_stuck_jobs"), 0, "no job is held by a handler past its timeout");
    assert.ok((metrics.value("process_resident_memory_bytes") ?? 0) > 1024 * 1024);
    const build = metrics.families.get("opsconductor_build_info")?.samples[0];
    assert.deepEqual(build, { labels: { version: daemon.api.services.deps.version, node_version: process.version }, value: 1 });
  });

  test("shows no secret and no configuration value", async () => {
    const { text } = await scrape();
    const key = readFileSync(join(cfg.dataDir, "secret.key"));
    for (const secret of [PASSWORD, "opsbot", webhookToken, adminToken, cfg.dataDir, "127.0.0.1", key.toString("hex"), key.toString("base64"), key.toString("utf8").trim()]) {
      assert.ok(secret && !text.includes(secret), `the scrape shows ${secret}`);
    }
  });
});
