import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createAddonRuntime } from "./create-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";

const notAllowed = (error: unknown) => OcError.is(error, "ADDON_RUNTIME_NOT_ALLOWED");

test("the runtime factory refuses the worker runtime to community addons", async () => {
  assert.throws(() => createAddonRuntime("worker", "community"), notAllowed);
  const runtimes = [createAddonRuntime("isolate", "community"), createAddonRuntime("worker", "trusted"), createAddonRuntime("worker", "core")];
  await Promise.all(runtimes.map((runtime) => runtime.close()));
});

test("a worker runtime still checks each addon's own trust level at load", async (t) => {
  const runtime = createAddonRuntime("worker", "trusted");
  t.after(() => runtime.close());
  const addon = await fixtureBundle("echo-addon", "test.trusted", "worker");
  await assert.rejects(runtime.load({ ...addon, id: "test.sneaky", trust: "community" }), notAllowed);
  await runtime.load(addon);
  await runtime.createInstance("a", instanceSpec(addon, createTestCapabilities()));
  assert.equal((await runtime.poll("a")).alerts.length, 2);
});
