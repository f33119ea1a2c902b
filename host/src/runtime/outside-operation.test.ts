// Guest code left running after its operation ended (a chain the poll never awaited) gets no
// more host calls: each is held unanswered, so the chain stops there instead of using the
// capabilities (the network, ctx.state) between operations, and the next poll is unaffected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createWorkerRuntime } from "./worker/worker-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import type { AddonRuntime, RuntimeKind } from "./types.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Past the 250 ms an operation still counts as running after its answer (a worker's late calls). */
const GRACE_PASSED_MS = 400;

// A held call must survive the host's garbage collection: isolated-vm rejects a guest's call whose
// host promise was collected unsettled ("Promise was abandoned"), which would set the chain going again.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

for (const [kind, create] of [["isolate", createIsolateRuntime], ["worker", createWorkerRuntime]] as Array<[RuntimeKind, () => AddonRuntime]>) {
  test(`${kind}: a chain the poll left running gets no host call answered once the poll is over; the next poll runs as usual`, async (t) => {
    const runtime = create();
    t.after(() => runtime.close());
    const addon = await fixtureBundle("detached-addon", "test.detached", kind);
    await runtime.load(addon);
    const caps = createTestCapabilities();
    let writes = 0;
    const set = caps.state.set.bind(caps.state);
    caps.state.set = (key, value) => {
      writes += 1;
      return set(key, value);
    };
    await runtime.createInstance("one", instanceSpec(addon, caps));

    const first = await runtime.poll("one");
    assert.equal(first.alerts.length, 1);
    await sleep(GRACE_PASSED_MS);
    const afterGrace = writes;
    collectGarbage();
    await sleep(300);
    assert.equal(writes, afterGrace, `no write reached ctx.state once the poll was over (${writes - afterGrace} did)`);
    // One call held, and the chain waits on it: an error answer (or an abandoned promise) would send it round again.
    assert.equal(runtime.stats()[0]!.capabilityCallsOutsideOperations, 1);

    const second = await runtime.poll("one");
    assert.equal(second.alerts.length, 1);
    await sleep(GRACE_PASSED_MS);
    assert.equal(writes, afterGrace, "the held chain stays held through the next poll");
    assert.equal(runtime.stats()[0]!.capabilityCallsOutsideOperations, 1);
  });

  test(`${kind}: log lines written just before a poll returns all arrive, none counted outside the operation`, async (t) => {
    const runtime = create();
    t.after(() => runtime.close());
    const addon = await fixtureBundle("echo-addon", "test.echo", kind);
    await runtime.load(addon);
    const caps = createTestCapabilities();
    await runtime.createInstance("one", instanceSpec(addon, caps));
    for (let i = 0; i < 100; i++) await runtime.poll("one");  // each logs "polled" without awaiting it, then returns
    await sleep(GRACE_PASSED_MS);
    assert.equal(caps.logLines.filter((line) => line.message === "polled").length, 100);
    assert.equal(runtime.stats()[0]!.capabilityCallsOutsideOperations, 0);
  });
}
