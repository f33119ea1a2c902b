// getDeviceInfo through both real sandboxes: the guest dispatcher answers it the same way in
// each, and the host checks the answer as it checks a device sync's devices.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import type { AddonRuntime, RuntimeKind } from "./types.ts";

async function started(t: { after(fn: () => unknown): void }, kind: RuntimeKind, create: () => AddonRuntime, fixture = "echo-addon"): Promise<AddonRuntime> {
  const runtime = create();
  t.after(() => runtime.close());
  const addon = await fixtureBundle(fixture, `test.${fixture}`, kind);
  await runtime.load(addon);
  await runtime.createInstance("one", instanceSpec(addon, createTestCapabilities()));
  return runtime;
}

const failsWith = (code: string, message?: RegExp) => (error: unknown) =>
  OcError.is(error, code) && (message === undefined || message.test(error.message));

for (const [kind, create] of [["isolate", createIsolateRuntime], ["worker", createWorkerRuntime]] as Array<[RuntimeKind, () => AddonRuntime]>) {
  test(`${kind}: getDeviceInfo answers the connector's device for the external id asked about, or null when the source does not know it`, async (t) => {
    const runtime = await started(t, kind, create);
    assert.deepEqual(await runtime.getDeviceInfo("one", "sw2"), {
      external_id: "sw2", name: "Switch 2", ip: "192.0.2.11", status: "up", attributes: { looked_up: true },
    });
    assert.equal(await runtime.getDeviceInfo("one", "no-such-device"), null);
  });

  test(`${kind}: a connector without getDeviceInfo answers ADDON_METHOD_UNSUPPORTED`, async (t) => {
    const runtime = await started(t, kind, create, "bench-addon");
    await assert.rejects(runtime.getDeviceInfo("one", "sw1"), failsWith("ADDON_METHOD_UNSUPPORTED", /getDeviceInfo/));
  });

  test(`${kind}: getDeviceInfo's answer is refused with ADDON_RESULT_INVALID unless it is one Device for that id, or null`, async (t) => {
    const runtime = await started(t, kind, create);
    await assert.rejects(runtime.getDeviceInfo("one", "garbage"), failsWith("ADDON_RESULT_INVALID", /^the device info is invalid: \/name must be string/));
    await assert.rejects(runtime.getDeviceInfo("one", "impostor"), failsWith("ADDON_RESULT_INVALID", /is for external id "sw1", not "impostor"/));
    await assert.rejects(runtime.getDeviceInfo("one", "forgotten"), failsWith("ADDON_RESULT_INVALID", /returned nothing/));
    assert.equal(runtime.stats()[0]!.failures, 3, "each counts as the addon's failure");
    assert.equal((await runtime.getDeviceInfo("one", "sw1"))?.name, "Switch 1", "the instance still answers");
  });

  test(`${kind}: getDeviceInfo keeps to its deadline and stops when aborted`, async (t) => {
    const runtime = await started(t, kind, create);
    await assert.rejects(runtime.getDeviceInfo("one", "hung", { deadlineMs: 200 }), failsWith("ADDON_DEADLINE_EXCEEDED"));
    const controller = new AbortController();
    const looking = runtime.getDeviceInfo("one", "hung", { deadlineMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("shutting down")), 50);
    await assert.rejects(looking, /shutting down/);
    assert.equal((await runtime.getDeviceInfo("one", "sw1", { deadlineMs: 5_000 }))?.external_id, "sw1", "a new guest answers after the stopped one");
  });
}
