import { test } from "node:test";
import assert from "node:assert/strict";
import type { MappingSnapshot, NormalizedAlert, RawEvent } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec, mappingsFor } from "./test-support/specs.ts";
import type { AddonRuntime, RuntimeKind } from "./types.ts";

function events(): RawEvent[] {
  const base = { device_ip: "192.0.2.7", device_name: "ups-7", timestamp: "2026-01-01T00:00:00.000Z" };
  return [
    { ...base, alert_type: "plain", resource: "outlet:1", target: "sw1", metrics: { value: 3 }, message: "from the device" },
    { ...base, alert_type: "plain_up", metrics: {} },
    { ...base, alert_type: "dropped", metrics: {} },
    { ...base, alert_type: "override", resource: "outlet:2", metrics: { value: 1 } },
    { ...base, alert_type: "omit_resource", resource: "outlet:3", metrics: {} },
    { ...base, alert_type: "new_metrics", metrics: { value: 21 } },
    { ...base, alert_type: "mutate", metrics: { value: 5 } },
    { ...base, alert_type: "extra_key", metrics: {} },
    { ...base, alert_type: "mutate_value", metrics: { value: 5, unit: "ms" } },
    { ...base, alert_type: "mutate_nested", metrics: { inner: { a: 1 } } },
    { ...base, alert_type: "nested", metrics: { inner: { a: 1 }, list: [1, 2] } },
  ];
}

async function inProcess(bundleCode: string, mappings: MappingSnapshot, input: RawEvent[]): Promise<Array<NormalizedAlert | null>> {
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundleCode).toString("base64")}`) as {
    default: { normalizer: new (m: MappingSnapshot) => { normalize(raw: RawEvent): NormalizedAlert | null } };
  };
  const normalizer = new module.default.normalizer(mappings);
  return input.map((raw) => normalizer.normalize(raw));
}

for (const [kind, create] of [["isolate", createIsolateRuntime], ["worker", createWorkerRuntime]] as Array<[RuntimeKind, () => AddonRuntime]>) {
  test(`${kind}: alerts rebuilt from the normalize batch equal what the normalizer returned in-process`, async (t) => {
    const runtime = create();
    t.after(() => runtime.close());
    const addon = await fixtureBundle("shapes-addon", "test.shapes", kind);
    await runtime.load(addon);
    await runtime.createInstance("shapes-1", instanceSpec(addon, createTestCapabilities()));

    const sent = events();
    const sandboxed = await runtime.normalize("shapes-1", sent);
    const expected = (await inProcess(addon.bundleCode, mappingsFor("test.shapes"), events())).filter((a) => a !== null);
    assert.equal(sandboxed.length, expected.length, "the dropped event is dropped");

    const byType = new Map(sandboxed.map((alert) => [alert.alert_type, alert]));
    for (const alert of expected) {
      if (alert.alert_type.startsWith("mutate") || alert.alert_type === "extra_key") continue;
      assert.deepEqual(byType.get(alert.alert_type), alert, alert.alert_type);
    }
    assert.equal(byType.get("omit_resource")!.resource, undefined);
    assert.equal(byType.get("override")!.device_ip, "10.9.9.9");
    assert.equal(byType.get("plain")!.raw, sent[0], "raw is the host's own event object");
    // Metrics the normalizer kept as they were do not travel back: they are the host's own object too.
    assert.equal(byType.get("plain")!.metrics, sent[0]!.metrics);
    assert.deepEqual(byType.get("nested")!.metrics, { inner: { a: 1 }, list: [1, 2] });

    // A normalizer that mutates its input: the alert keeps what it built; `raw` stays the event as sent.
    const mutated = byType.get("mutate")!;
    assert.equal(mutated.device_name, "mutated");
    assert.deepEqual(mutated.metrics, { value: 5, added: true });
    assert.deepEqual(mutated.raw, { ...sent[6], metrics: { value: 5 } });
    // Changed in place, a kept metrics object travels back as the normalizer left it, however deep the change.
    assert.deepEqual(byType.get("mutate_value")!.metrics, { value: 99, unit: "ms" });
    assert.deepEqual(byType.get("mutate_nested")!.metrics, { inner: { a: 1, b: 2 } });
    // Only NormalizedAlert fields cross: an extra key is not carried (in-process it would fail the schema).
    assert.equal("extra" in byType.get("extra_key")!, false);
  });
}
