import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import type { AddonRuntime, AddonRuntimeStats, RuntimeKind } from "../types.ts";
import { pollThroughout } from "./neighbour.ts";
import { fixtureBundle, instanceSpec } from "./specs.ts";
import { createTestCapabilities, type TestCapabilities } from "./test-capabilities.ts";

export const FAULTY_LIMITS = { cpuTimeoutMs: 200, memoryMb: 32, restartBaseMs: 50, restartMaxMs: 1_000 };

export interface FaultScene {
  runtime: AddonRuntime;
  /** The faulty instance's capabilities: `stateStore.set("fault", …)` arms its next poll. */
  caps: TestCapabilities;
  /** Stops the healthy neighbour and asserts it never failed. */
  finish(): Promise<void>;
  faultyStats(): AddonRuntimeStats;
  pollFaultOnce(fault: string, expectedCode: string, deadlineMs?: number): Promise<void>;
}

/** A faulty addon ("faulty-1") and a healthy one ("healthy-1") in one runtime; the healthy one polls throughout. */
export async function faultScene(t: TestContext, runtime: AddonRuntime, kind: RuntimeKind, limits: Partial<typeof FAULTY_LIMITS> = {}): Promise<FaultScene> {
  const healthy = await fixtureBundle("echo-addon", "test.healthy", kind);
  const faulty = await fixtureBundle("fault-addon", "test.faulty", kind, { ...FAULTY_LIMITS, ...limits });
  await runtime.load(healthy);
  await runtime.load(faulty);
  const caps = createTestCapabilities();
  await runtime.createInstance("healthy-1", instanceSpec(healthy, createTestCapabilities()));
  await runtime.createInstance("faulty-1", instanceSpec(faulty, caps));
  t.after(() => runtime.close());
  const neighbour = pollThroughout(runtime, "healthy-1");
  // A failed assertion must not leave the neighbour polling (and the test process alive).
  t.after(() => neighbour.stop());
  return {
    runtime,
    caps,
    async finish() {
      const { ok, errors } = await neighbour.stop();
      assert.deepEqual(errors, [], "the healthy addon never failed");
      assert.ok(ok > 0, "the healthy addon kept polling");
    },
    faultyStats() {
      const stats = runtime.stats().find((s) => s.id === "test.faulty");
      assert.ok(stats);
      return stats;
    },
    async pollFaultOnce(fault, expectedCode, deadlineMs = 5_000) {
      caps.stateStore.set("fault", fault);
      await assert.rejects(runtime.poll("faulty-1", { deadlineMs }), hasCode(expectedCode));
      caps.stateStore.delete("fault");
    },
  };
}

export function hasCode(expected: string) {
  return (error: unknown) => {
    assert.ok(error instanceof OcError, `expected an OcError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    return true;
  };
}

export function rawEvent(alertType: string) {
  return { alert_type: alertType, device_ip: "192.0.2.1", device_name: "d", timestamp: "2026-01-01T00:00:00.000Z", metrics: {} };
}
