import assert from "node:assert/strict";
import { test } from "node:test";
import type { HttpResponse } from "@opsconductor/sdk";
import { createHostBridge } from "./host-bridge.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";

const quietMeter = { record: () => undefined, heldOutsideOperation: () => undefined };

test("an answer that arrives after the instance stopped is not encoded: the guest is told the instance stopped", async () => {
  const caps = createTestCapabilities();
  let open = true;
  let answerNow!: (response: HttpResponse) => void;
  caps.http.request = () => new Promise<HttpResponse>((resolve) => (answerNow = resolve));
  const bridge = createHostBridge(caps, quietMeter, { isOpen: () => open, inOperation: () => true });
  const pending = bridge("http.request", JSON.stringify(["dev", { path: "/" }]));
  await new Promise((resolve) => setImmediate(resolve));
  open = false;
  answerNow({ status: 200, headers: {}, body: "\u0001".repeat(1000) });
  assert.deepEqual(JSON.parse(await pending), { ok: false, error: { code: "ADDON_INSTANCE_STOPPED", message: "the instance was stopped" } });
});
