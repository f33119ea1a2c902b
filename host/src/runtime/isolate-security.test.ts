import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";
import { fixtureBundle, instanceSpec } from "./test-support/specs.ts";

test("guest code reaches no require, process, ivm handle or host global, and no secret", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("probe-addon", "test.probe");
  await runtime.load(addon);
  const secret = "s3cr3t-password-do-not-leak";
  const caps = createTestCapabilities(secret);
  await runtime.createInstance("probe-1", instanceSpec(addon, caps, { username: "admin", password: { secret: "password" } }));

  const { alerts } = await runtime.poll("probe-1");
  const metrics = alerts[0]!.metrics as { findings: string[]; visited: number; strings: string };
  assert.deepEqual(metrics.findings, []);
  assert.ok(metrics.visited > 500, `the sweep walked the guest's object graph (${metrics.visited} objects)`);
  assert.ok(metrics.strings.includes("admin"), "the sweep saw the instance's config");
  assert.ok(!metrics.strings.includes(secret), "the secret never entered the sandbox");
  assert.equal(caps.stateStore.get("probe") !== undefined, true);
});

test("a restarted instance's fresh context holds nothing of the host either", async (t) => {
  const runtime = createIsolateRuntime({ limits: { restartBaseMs: 1 } });
  t.after(() => runtime.close());
  const addon = await fixtureBundle("probe-addon", "test.probe");
  await runtime.load(addon);
  await runtime.createInstance("probe-1", instanceSpec(addon, createTestCapabilities()));
  await assert.rejects(runtime.poll("probe-1", { deadlineMs: 0 }), (error: unknown) => OcError.is(error, "ADDON_DEADLINE_EXCEEDED"));
  const { alerts } = await runtime.poll("probe-1");
  assert.deepEqual((alerts[0]!.metrics as { findings: string[] }).findings, []);
  assert.equal(runtime.stats()[0]!.restarts, 1);
});
