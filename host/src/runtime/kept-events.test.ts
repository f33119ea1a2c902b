import { test } from "node:test";
import assert from "node:assert/strict";
import { openIsolateSandbox } from "./isolate/isolate-sandbox.ts";
import type { GuestOp } from "./guest/protocol.ts";
import type { Sandbox, SandboxFactory } from "./sandbox.ts";
import { SupervisedRuntime } from "./supervised-runtime.ts";
import { hasCode } from "./test-support/fault-scene.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";

/**
 * The real isolate sandbox, whose guest is taken down right after it answers `op` (as when
 * another call in the same isolate blows its memory limit at that moment).
 */
function dyingAfter(op: GuestOp): SandboxFactory {
  return async (addon, limits) => {
    const sandbox = await openIsolateSandbox(addon, limits);
    const wrapped: Sandbox = {
      usage: () => sandbox.usage(),
      dispose: () => sandbox.dispose(),
      async startInstance(init, hostCall) {
        const instance = await sandbox.startInstance(init, hostCall);
        return {
          get alive() {
            return instance.alive;
          },
          async call(called, args) {
            const answer = await instance.call(called, args);
            if (called === op) instance.dispose();
            return answer;
          },
          dispose: () => instance.dispose(),
        };
      },
    };
    return wrapped;
  };
}

for (const op of ["poll", "receive", "keepEvents"] as const) {
  test(`events a guest kept from its ${op} are lost with it: ADDON_CRASHED, not the addon's invalid result from a guest started since`, async (t) => {
    const runtime = new SupervisedRuntime({ kind: "isolate", openSandbox: dyingAfter(op), limits: { restartBaseMs: 1, restartMaxMs: 1 } });
    t.after(() => runtime.close());
    const addon = await fixtureBundle("echo-addon", "test.echo", "isolate");
    await runtime.load(addon);
    await runtime.createInstance("echo-1", instanceSpec(addon, createTestCapabilities()));
    const event = { alert_type: "link_down", device_ip: "192.0.2.1", device_name: "sw1", timestamp: "2026-01-01T00:00:00.000Z", metrics: {} };
    const call = op === "poll" ? runtime.poll("echo-1")
      : op === "receive" ? runtime.receive("echo-1", { kind: "webhook", headers: {}, body: { type: "link_down" }, receivedAt: event.timestamp })
      : runtime.normalize("echo-1", JSON.stringify([event]));
    await assert.rejects(call, hasCode("ADDON_CRASHED"));
    const stats = runtime.stats().find((entry) => entry.id === "test.echo");
    assert.equal(stats?.lastError?.code, "ADDON_CRASHED");
  });
}
