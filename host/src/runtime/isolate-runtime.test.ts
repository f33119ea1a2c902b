import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";

test("isolate runtime: poll runs connector and normalizer in the sandbox and returns checked alerts", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.echo");
  await runtime.load(addon);
  const caps = createTestCapabilities();
  await runtime.createInstance("echo-1", instanceSpec(addon, caps, { site: "north" }));

  const first = await runtime.poll("echo-1", { deadlineMs: 5_000 });
  assert.equal(first.connectorType, "test.echo");
  assert.equal(first.rawCount, 4);
  assert.equal(first.dropped, 2, "debug_noise is disabled by the mapping");
  assert.equal(first.snapshot, true);
  assert.deepEqual(first.targets, [{ id: "sw1", ok: true }, { id: "sw2", ok: true }]);
  assert.equal(first.alerts.length, 2);
  const [alert] = first.alerts;
  assert.equal(alert!.severity, "major");
  assert.equal(alert!.role, "problem");
  assert.equal(alert!.title, "Switch 1: link_down (major)");
  assert.equal(alert!.resource, "ifIndex:1");
  assert.equal(alert!.raw.alert_type, "link_down", "raw comes back as the event the connector produced");

  const second = await runtime.poll("echo-1");
  assert.deepEqual(second.alerts[0]!.metrics, { polls: 2 }, "ctx.state persisted host-side between polls");
  assert.equal(caps.stateStore.get("polls"), 2);
  const logged = caps.logLines.filter((line) => line.message === "polled").map((line) => line.fields!);
  assert.deepEqual(logged.map((fields) => fields.polls), [1, 2]);
  assert.match(String(logged[0]!.at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "ctx.now() is an ISO string");
});

test("isolate runtime: testConnection, receive, syncDevices, normalize and updateMappings", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.echo");
  await runtime.load(addon);
  const caps = createTestCapabilities();
  await runtime.createInstance("echo-1", instanceSpec(addon, caps));

  assert.deepEqual(await runtime.testConnection("echo-1"), { ok: true, message: "status 200" });
  assert.equal(caps.httpRequests[0]!.target, "sw1");

  const received = await runtime.receive("echo-1", { kind: "webhook", headers: {}, body: { type: "power_lost" }, receivedAt: "2026-01-01T00:00:00.000Z" });
  assert.equal(received.length, 1);
  assert.equal(received[0]!.alert_type, "power_lost");
  assert.equal(received[0]!.metrics.via, "webhook");
  // A structure too deep to store (JSON.stringify recurses) is the addon's fault, not an internal error.
  const deep = JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`) as unknown;
  await assert.rejects(
    runtime.normalize("echo-1", [{ alert_type: "link_down", device_ip: "192.0.2.1", device_name: "d", timestamp: "2026-01-01T00:00:00.000Z", metrics: { deep } }]),
    (error) => OcError.is(error, "ADDON_RESULT_INVALID") && /nests deeper than 64 levels/.test(error.message),
  );
  const fromText = await runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: '{"type":"door_open"}', receivedAt: "2026-01-01T00:00:00.000Z" });
  assert.equal(fromText[0]!.alert_type, "door_open", "a body given as text is parsed in the sandbox before receive sees it");
  await assert.rejects(
    runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: '{"type":', receivedAt: "2026-01-01T00:00:00.000Z" }),
    (error) => OcError.is(error, "ADDON_MESSAGE_INVALID") && /not valid JSON/.test(error.message),
  );
  await assert.rejects(
    runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: `{"type":"x","deep":${"[".repeat(33)}${"]".repeat(33)}}`, receivedAt: "2026-01-01T00:00:00.000Z" }),
    (error) => OcError.is(error, "ADDON_MESSAGE_INVALID") && /nests deeper than 32 levels/.test(error.message),
  );
  const atLimit = await runtime.receive("echo-1", { kind: "webhook", headers: {}, bodyText: `{"type":"x","deep":${"[".repeat(31)}${"]".repeat(31)}}`, receivedAt: "2026-01-01T00:00:00.000Z" });
  assert.equal(atLimit.length, 1, "a body 32 levels deep is taken");

  assert.deepEqual(await runtime.syncDevices("echo-1"), [
    { external_id: "sw1", name: "Switch 1", ip: "192.0.2.10" },
    { external_id: "sw2", name: "Switch 2", ip: "192.0.2.11" },
  ]);

  const events = Array.from({ length: 2_500 }, (_, i) => ({
    alert_type: i % 2 ? "link_down" : "link_up", device_ip: `192.0.2.${i % 250}`, device_name: `dev${i}`,
    timestamp: "2026-01-01T00:00:00.000Z", metrics: { i },
  }));
  const alerts = await runtime.normalize("echo-1", events);
  assert.equal(alerts.length, 2_500, "three batches of up to 1,000");
  assert.equal(alerts[0]!.role, "clear");
  assert.equal(alerts[1]!.severity, "major");
  assert.equal(alerts[2_499]!.raw, events[2_499], "an unchanged raw event is the host's own object, not a copy");

  await runtime.updateMappings("echo-1", { connector_type: "test.echo", severity: { link_down: { severity: "critical" } }, category: { link_down: "power" } });
  const [after] = await runtime.normalize("echo-1", [events[1]!]);
  assert.equal(after!.severity, "critical");
  assert.equal(after!.category, "power");

  const [stats] = runtime.stats();
  assert.equal(stats!.id, "test.echo");
  assert.equal(stats!.instances, 1);
  assert.ok(stats!.capabilityCalls >= 1);
  assert.ok(stats!.capabilityBytes > 0);
  assert.ok(stats!.cpuTimeMs > 0);
  assert.ok(stats!.heapUsedBytes > 0);
});

test("isolate runtime: a connection test whose capability call fails answers ok:false with the broker's code", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.echo");
  await runtime.load(addon);
  await runtime.createInstance("echo-1", instanceSpec(addon, createTestCapabilities(), { statusPath: "/fail" }));
  assert.deepEqual(await runtime.testConnection("echo-1"), { ok: false, code: "BROKER_UNREACHABLE", message: "sw1 did not answer" });
});

test("isolate runtime: a loaded addon's heap is measured before any instance makes a call", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  await runtime.load(await fixtureBundle("echo-addon", "test.echo"));
  const deadline = Date.now() + 5_000;
  while (runtime.stats()[0]!.heapUsedBytes === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(runtime.stats()[0]!.heapUsedBytes > 0);
});

test("isolate runtime: a bundle that is not an addon, or imports something, is refused at load", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const base = { version: "1.0.0", runtime: "isolate" as const };
  await assert.rejects(runtime.load({ ...base, id: "bad.syntax", bundleCode: "export default {" }), (error: unknown) => OcError.is(error, "ADDON_BUNDLE_INVALID"));
  await assert.rejects(runtime.load({ ...base, id: "bad.import", bundleCode: "import fs from 'node:fs'; export default { connector: class {}, normalizer: class {} };" }),
    (error: unknown) => OcError.is(error, "ADDON_BUNDLE_INVALID") && /node:fs/.test((error as Error).message));
  await assert.rejects(runtime.load({ ...base, id: "bad.shape", bundleCode: "export default { connector: 1 };" }), (error: unknown) => OcError.is(error, "ADDON_BUNDLE_INVALID"));
  await assert.rejects(runtime.load({ ...base, id: "wrong.runtime", runtime: "worker", trust: "core", bundleCode: "export default {};" }),
    (error: unknown) => OcError.is(error, "ADDON_RUNTIME_NOT_ALLOWED"));
  await assert.rejects(runtime.poll("nope"), (error: unknown) => OcError.is(error, "ADDON_INSTANCE_NOT_FOUND"));
});
