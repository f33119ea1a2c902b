import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";

test("worker runtime: the same bundle polls, normalizes and reaches capabilities over the port bridge", async (t) => {
  const runtime = createWorkerRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.echo", "worker");
  await runtime.load(addon);
  const caps = createTestCapabilities();
  await runtime.createInstance("echo-1", instanceSpec(addon, caps));
  await runtime.createInstance("echo-2", instanceSpec(addon, createTestCapabilities()));

  const [first, other] = await Promise.all([runtime.poll("echo-1"), runtime.poll("echo-2")]);
  assert.equal(first.alerts.length, 2);
  assert.equal(first.dropped, 2);
  assert.equal(first.alerts[0]!.severity, "major");
  assert.equal(other.alerts.length, 2);
  assert.equal((await runtime.poll("echo-1")).alerts[0]!.metrics.polls, 2);
  assert.equal(caps.stateStore.get("polls"), 2, "each instance has its own capabilities");

  assert.deepEqual(await runtime.testConnection("echo-1"), { ok: true, message: "status 200" });
  const received = await runtime.receive("echo-1", { kind: "webhook", headers: {}, body: { type: "door_open" }, receivedAt: "2026-01-01T00:00:00.000Z" });
  assert.equal(received[0]!.alert_type, "door_open");
  const fromText = await runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: '{"type":"power_lost"}', receivedAt: "2026-01-01T00:00:00.000Z" });
  assert.equal(fromText[0]!.alert_type, "power_lost", "a body given as text is parsed in the worker before receive sees it");
  await assert.rejects(
    runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: "[1,", receivedAt: "2026-01-01T00:00:00.000Z" }),
    (error) => OcError.is(error, "ADDON_MESSAGE_INVALID"),
  );
  assert.equal((await runtime.syncDevices("echo-1")).length, 2);
  const event = { alert_type: "link_up", device_ip: "192.0.2.1", device_name: "d", timestamp: "2026-01-01T00:00:00.000Z", metrics: {} };
  const alerts = await runtime.normalize("echo-1", [event]);
  assert.equal(alerts[0]!.role, "clear");
  assert.equal(alerts[0]!.raw, event);

  const [stats] = runtime.stats();
  assert.equal(stats!.runtime, "worker");
  assert.equal(stats!.instances, 2);
  assert.ok(stats!.cpuTimeMs > 0);
  assert.ok(stats!.heapUsedBytes > 0);
  assert.ok(stats!.capabilityCalls > 0);
});

test("worker runtime: refused to community addons (ADDON_RUNTIME_NOT_ALLOWED)", async (t) => {
  const runtime = createWorkerRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.echo", "worker");
  await assert.rejects(runtime.load({ ...addon, trust: "community" }), (error: unknown) => OcError.is(error, "ADDON_RUNTIME_NOT_ALLOWED"));
  await assert.rejects(runtime.load({ ...addon, trust: undefined }), (error: unknown) => OcError.is(error, "ADDON_RUNTIME_NOT_ALLOWED"));
  await runtime.load({ ...addon, trust: "core" });
});

test("worker runtime: a bundle without an addon default export is refused at load", async (t) => {
  const runtime = createWorkerRuntime();
  t.after(() => runtime.close());
  const base = { id: "bad", version: "1.0.0", runtime: "worker" as const, trust: "trusted" as const };
  await assert.rejects(runtime.load({ ...base, bundleCode: "export default 42;" }), (error: unknown) => OcError.is(error, "ADDON_BUNDLE_INVALID"));
  await assert.rejects(runtime.load({ ...base, bundleCode: "export default {" }), (error: unknown) => OcError.is(error, "ADDON_BUNDLE_INVALID"));
});

test("worker runtime: the worker thread gets an empty environment and no execArgv", async (t) => {
  process.env.OPSCONDUCTOR_TEST_SECRET = "must-not-reach-the-worker";
  t.after(() => delete process.env.OPSCONDUCTOR_TEST_SECRET);
  const runtime = createWorkerRuntime();
  t.after(() => runtime.close());
  // A hand-written bundle (no SDK): it reports what the worker's process looks like.
  const bundleCode = `
    class Connector {
      async testConnection() { return { ok: true, message: "ok" }; }
      async poll(ctx) {
        const target = ctx.targets[0];
        const metrics = { envKeys: Object.keys(process.env).length, execArgv: process.execArgv.length };
        return { events: [{ alert_type: "env_report", device_ip: target.host, device_name: target.name, timestamp: ctx.now(), metrics }], snapshot: false, targets: [] };
      }
    }
    class Normalizer {
      constructor(mappings) { this.mappings = mappings; }
      normalize(raw) {
        return { connector_type: this.mappings.connector_type, alert_type: raw.alert_type, role: "notice", severity: "info", category: "unknown",
          device_ip: raw.device_ip, device_name: raw.device_name, title: "env", message: "", timestamp: raw.timestamp, metrics: raw.metrics, raw };
      }
    }
    export default { connector: Connector, normalizer: Normalizer };`;
  const addon = { id: "test.env", version: "1.0.0", bundleCode, runtime: "worker" as const, trust: "core" as const };
  await runtime.load(addon);
  await runtime.createInstance("env-1", instanceSpec(addon, createTestCapabilities()));
  const { alerts } = await runtime.poll("env-1");
  assert.deepEqual(alerts[0]!.metrics, { envKeys: 0, execArgv: 0 });
});
