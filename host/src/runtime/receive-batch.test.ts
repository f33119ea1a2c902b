import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { PushMessage } from "@opsconductor/sdk";
import { isCrash } from "./faults.ts";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { hasCode } from "./test-support/fault-scene.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import type { AddonLimits, AddonRuntime, ReceiveOutcome, RuntimeKind } from "./types.ts";

const ID = "test.receive";

function webhook(id: number, fault?: string, events?: number): PushMessage {
  return { kind: "webhook", headers: {}, receivedAt: "2026-01-01T00:00:00.000Z", body: { id, ...(fault && { fault }), ...(events && { events }) } };
}

async function receiver(t: TestContext, kind: RuntimeKind, limits?: AddonLimits): Promise<AddonRuntime> {
  const runtime = kind === "worker" ? createWorkerRuntime() : createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("receive-addon", ID, kind, limits);
  await runtime.load(addon);
  await runtime.createInstance("rx-1", instanceSpec(addon, createTestCapabilities()));
  return runtime;
}

/** Per outcome: the ids of its alerts (`item:<id>` resources), or its error code. */
function summary(outcomes: ReceiveOutcome[]): Array<string[] | string> {
  return outcomes.map((outcome) => (outcome.error ? outcome.error.code : outcome.alerts.map((alert) => String(alert.resource))));
}

function failures(runtime: AddonRuntime): number {
  return runtime.stats().find((stats) => stats.id === ID)!.failures;
}

for (const kind of ["isolate", "worker"] as const) {
  test(`${kind}: receiveBatch answers every message in order, its alerts checked and rebuilt as receive's are`, async (t) => {
    const runtime = await receiver(t, kind);
    const messages = Array.from({ length: 300 }, (_, id) => webhook(id, id % 7 === 3 ? "none" : undefined));
    const outcomes = await runtime.receiveBatch("rx-1", messages);
    assert.deepEqual(summary(outcomes), messages.map((_, id) => (id % 7 === 3 ? [] : [`item:${id}`])));
    const [alert] = outcomes[1]!.alerts!;
    const [single] = await runtime.receive("rx-1", messages[1]!);
    const at = (timestamp: string) => ({ ...single!, timestamp, raw: { ...single!.raw, timestamp } });
    assert.deepEqual(alert, at(alert!.timestamp), "the same alert as a receive of its own (but for ctx.now())");
    assert.equal(alert!.connector_type, ID);
    assert.equal(alert!.title, "item 1 down");
    assert.deepEqual(await runtime.receiveBatch("rx-1", []), []);
    assert.equal(failures(runtime), 0);
  });

  test(`${kind}: a message whose receive throws or returns garbage fails alone; the rest of the batch is stored`, async (t) => {
    const runtime = await receiver(t, kind);
    const faults = [undefined, "throw", undefined, "garbage", "bad-event", "bigint", undefined];
    const outcomes = await runtime.receiveBatch("rx-1", faults.map((fault, id) => webhook(id, fault)));
    assert.deepEqual(summary(outcomes), [
      ["item:0"], "ADDON_CALL_FAILED", ["item:2"], "ADDON_RESULT_INVALID", "ADDON_RESULT_INVALID", "ADDON_RESULT_INVALID", ["item:6"],
    ]);
    assert.match(outcomes[1]!.error!.message, /device 1 said no/);
    assert.equal(outcomes[1]!.error!.details?.addonCode, "DEVICE_SAID_NO");
    assert.match(outcomes[3]!.error!.message, /not an array/);
    assert.match(outcomes[4]!.error!.message, /received event 0 is invalid/);
    assert.match(outcomes[5]!.error!.message, /not JSON-serializable/);
    assert.equal(failures(runtime), 4, "each failed message counts as a failure of the addon");
  });

  test(`${kind}: a message whose events the normalizer fails on fails alone, even inside a shared normalize batch`, async (t) => {
    const runtime = await receiver(t, kind);
    const faults = [undefined, "explode", undefined, "wrong_shape", undefined];
    const outcomes = await runtime.receiveBatch("rx-1", faults.map((fault, id) => webhook(id, fault)));
    assert.deepEqual(summary(outcomes), [["item:0"], "ADDON_NORMALIZE_FAILED", ["item:2"], "ADDON_RESULT_INVALID", ["item:4"]]);
    assert.match(outcomes[1]!.error!.message, /cannot normalize item 1/);
    assert.match(outcomes[3]!.error!.message, /the alert for event \d+ is invalid/);
    assert.equal(failures(runtime), 2);
  });

  test(`${kind}: events spread over several normalize batches; a message bigger than one batch is normalized in pieces`, async (t) => {
    const runtime = await receiver(t, kind, { normalizeBatchSize: 4 });
    const outcomes = await runtime.receiveBatch("rx-1", [webhook(0, undefined, 3), webhook(1, undefined, 10), webhook(2, undefined, 2), webhook(3, "explode"), webhook(4)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.alerts?.length ?? outcome.error!.code), [3, 10, 2, "ADDON_NORMALIZE_FAILED", 1]);
    assert.deepEqual(outcomes[1]!.alerts!.map((alert) => alert.metrics.n), Array.from({ length: 10 }, (_, n) => n), "in the order received");
  });

  test(`${kind}: a crash while normalizing fails the messages not yet normalized, keeps the others, and the instance recovers`, async (t) => {
    const runtime = await receiver(t, kind, { normalizeBatchSize: 1, cpuTimeoutMs: 200, restartBaseMs: 20 });
    const outcomes = await runtime.receiveBatch("rx-1", [webhook(0), webhook(1), webhook(2, "spin"), webhook(3)], { deadlineMs: 10_000 });
    assert.deepEqual(summary(outcomes).slice(0, 2), [["item:0"], ["item:1"]], "normalized before the crash: kept");
    for (const outcome of outcomes.slice(2)) assert.ok(isCrash(outcome.error), `a crash, not ${outcome.error?.code}`);
    assert.equal(outcomes[2]!.error!.code, "ADDON_TIMEOUT");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(summary(await runtime.receiveBatch("rx-1", [webhook(5), webhook(6)])), [["item:5"], ["item:6"]]);
    assert.equal(runtime.stats()[0]!.restarts, 1);
  });

  test(`${kind}: receiveBatch rejects whole only when nothing got through`, async (t) => {
    const runtime = await receiver(t, kind);
    await assert.rejects(runtime.receiveBatch("nope", [webhook(0)]), hasCode("ADDON_INSTANCE_NOT_FOUND"));
    const shapes = await fixtureBundle("shapes-addon", "test.shapes", kind);
    await runtime.load(shapes);
    await runtime.createInstance("shapes-1", instanceSpec(shapes, createTestCapabilities()));
    await assert.rejects(runtime.receiveBatch("shapes-1", [webhook(0)]), hasCode("ADDON_METHOD_UNSUPPORTED"));
  });

  test(`${kind}: a webhook body given as text is parsed before anything else: not JSON is the sender's fault`, async (t) => {
    const runtime = await receiver(t, kind);
    const shapes = await fixtureBundle("shapes-addon", "test.shapes", kind);
    await runtime.load(shapes);
    await runtime.createInstance("shapes-1", instanceSpec(shapes, createTestCapabilities()));
    const delivery = (bodyText: string) => ({ kind: "webhook" as const, headers: {}, bodyText, receivedAt: "2026-01-01T00:00:00.000Z" });
    await assert.rejects(runtime.receive("shapes-1", delivery("{oops")), hasCode("ADDON_MESSAGE_INVALID"), "even a connector without receive");
    await assert.rejects(runtime.receive("shapes-1", delivery("{}")), hasCode("ADDON_METHOD_UNSUPPORTED"));
    assert.equal(runtime.stats()[0]!.restarts, 0, "a bad body does not crash the sandbox");
  });
}
