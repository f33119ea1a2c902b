import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError, type RawEvent } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import type { AddonRuntime, RuntimeKind } from "./types.ts";

function events(count: number): RawEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    alert_type: i % 5 === 0 ? "dropped" : "plain", device_ip: `192.0.2.${i % 250}`, device_name: `ups-${i}`,
    timestamp: "2026-01-01T00:00:00.000Z", resource: `outlet:${i}`, metrics: { value: i },
  }));
}

const hasCode = (code: string) => (error: unknown) => OcError.is(error, code);

for (const [kind, create] of [["isolate", createIsolateRuntime], ["worker", createWorkerRuntime]] as Array<[RuntimeKind, typeof createIsolateRuntime]>) {
  async function started(t: { after(fn: () => unknown): void }): Promise<AddonRuntime> {
    // Batches of 100: a JSON text of 2,500 events spans many normalizePending calls.
    const runtime = create({ limits: { normalizeBatchSize: 100 } });
    t.after(() => runtime.close());
    const addon = await fixtureBundle("shapes-addon", "test.shapes", kind);
    await runtime.load(addon);
    await runtime.createInstance("shapes-1", instanceSpec(addon, createTestCapabilities()));
    return runtime;
  }

  test(`${kind}: events given as JSON text become the same alerts as the same events given as objects`, async (t) => {
    const runtime = await started(t);
    const input = events(2_500);
    const fromText = await runtime.normalize("shapes-1", JSON.stringify(input));
    const fromObjects = await runtime.normalize("shapes-1", input);
    assert.equal(fromText.length, 2_000, "every fifth event is dropped by the normalizer");
    assert.deepEqual(fromText, fromObjects);
  });

  test(`${kind}: JSON text that is not an array of raw events is refused (VALIDATION_FAILED) and the instance keeps working`, async (t) => {
    const runtime = await started(t);
    await assert.rejects(runtime.normalize("shapes-1", "[{\"alert_type\": "), hasCode("VALIDATION_FAILED"));
    await assert.rejects(runtime.normalize("shapes-1", "{\"events\": []}"), hasCode("VALIDATION_FAILED"));
    await assert.rejects(
      runtime.normalize("shapes-1", JSON.stringify([events(1)[0], { alert_type: "plain" }])),
      (error: unknown) => hasCode("VALIDATION_FAILED")(error) && /event 1/.test((error as Error).message),
    );
    assert.equal((await runtime.normalize("shapes-1", JSON.stringify(events(3)))).length, 2);
  });
}

test("isolate: a guest that keeps another number of events than it was sent is refused (ADDON_RESULT_INVALID), and works on", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("liar-addon", "test.liar");
  await runtime.load(addon);
  await runtime.createInstance("liar-1", instanceSpec(addon, createTestCapabilities()));
  const lying = events(3).map((event, i) => (i === 0 ? { ...event, alert_type: "lie" } : event));
  await assert.rejects(runtime.normalize("liar-1", JSON.stringify(lying)),
    (error: unknown) => hasCode("ADDON_RESULT_INVALID")(error) && /kept 2 events of 3/.test((error as Error).message));
  assert.equal((await runtime.normalize("liar-1", JSON.stringify(events(3)))).length, 3);
});

test("isolate: text the host refuses while the guest answers keepEvents with garbage fails VALIDATION_FAILED, nothing left unhandled", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  t.after(() => process.off("unhandledRejection", onUnhandled));
  const addon = await fixtureBundle("liar-addon", "test.liar");
  await runtime.load(addon);
  await runtime.createInstance("liar-2", instanceSpec(addon, createTestCapabilities()));
  // Not a RawEvent (no device fields): the host refuses the text; the guest keeps it, and garbles its answer.
  await assert.rejects(runtime.normalize("liar-2", JSON.stringify([{ alert_type: "garble" }])), hasCode("VALIDATION_FAILED"));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(unhandled, []);
  assert.equal((await runtime.normalize("liar-2", JSON.stringify(events(3)))).length, 3);
});
