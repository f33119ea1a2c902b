// ctx.emit through a real sandbox: the guest's call crosses the host bridge, which checks each
// event against the RawEvent schema before the capability sees any of them.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RawEvent } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import type { AddonRuntime, RuntimeKind } from "./types.ts";

function pushedEvents(): RawEvent[] {
  const at = "2026-01-01T00:00:00.000Z";
  return [
    { alert_type: "door_open", device_ip: "192.0.2.10", device_name: "Switch 1", timestamp: at, metrics: { door: 2 }, resource: "door:2", target: "sw1" },
    { alert_type: "door_closed", device_ip: "192.0.2.11", device_name: "Switch 2", timestamp: at, metrics: { nested: { list: [1, "two", null] } }, message: "pushed" },
  ];
}

for (const [kind, create] of [["isolate", createIsolateRuntime], ["worker", createWorkerRuntime]] as Array<[RuntimeKind, () => AddonRuntime]>) {
  test(`${kind}: events a poll passes to ctx.emit reach the emit capability exactly as sent`, async (t) => {
    const runtime = create();
    t.after(() => runtime.close());
    const addon = await fixtureBundle("emit-addon", "test.emit", kind);
    await runtime.load(addon);
    const caps = createTestCapabilities();
    await runtime.createInstance("emit-1", instanceSpec(addon, caps, { emit: pushedEvents() }));

    const output = await runtime.poll("emit-1");
    assert.deepEqual(output.targets, [{ id: "sw1", ok: true }], "the guest's ctx.emit resolved");
    assert.deepEqual(output.alerts, [], "emitted events are not part of the poll's answer");
    assert.deepEqual(caps.emitted, pushedEvents());
  });

  test(`${kind}: ctx.emit rejects an invalid event with ADDON_RESULT_INVALID naming it, and the capability gets none`, async (t) => {
    const runtime = create();
    t.after(() => runtime.close());
    const addon = await fixtureBundle("emit-addon", "test.emit", kind);
    await runtime.load(addon);
    const caps = createTestCapabilities();
    const [valid, second] = pushedEvents();
    const { alert_type: _missing, ...withoutType } = second!;
    await runtime.createInstance("emit-1", instanceSpec(addon, caps, { emit: [valid, withoutType] }));

    const [outcome] = (await runtime.poll("emit-1")).targets;
    assert.equal(outcome!.ok, false);
    assert.equal(outcome!.code, "ADDON_RESULT_INVALID");
    assert.match(outcome!.message!, /^emitted event 1 is invalid: .*alert_type/);
    assert.deepEqual(caps.emitted, [], "the valid event before it is not sent either");
  });
}
