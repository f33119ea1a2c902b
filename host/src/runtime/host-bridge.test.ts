import assert from "node:assert/strict";
import { test } from "node:test";
import type { HttpResponse } from "@opsconductor/sdk";
import { syntheticEvents } from "./bench.ts";
import { createHostBridge, MAX_CALL_PAYLOAD_CHARS } from "./host-bridge.ts";
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

test("a call whose JSON arguments pass the cap is refused unread; an emit of 100,000 typical events (a poll's most) still passes", async () => {
  const caps = createTestCapabilities();
  const bridge = createHostBridge(caps, quietMeter, { isOpen: () => true, inOperation: () => true });
  const value = "x".repeat(MAX_CALL_PAYLOAD_CHARS);
  const answer = JSON.parse(await bridge("state.set", JSON.stringify(["big", value])));
  assert.equal(answer.error.code, "ADDON_CAPABILITY_ARGS_TOO_LARGE");
  assert.match(answer.error.message, /^the arguments of "state\.set" are 33554442 characters of JSON, past the 33554432-character cap/);
  assert.equal(caps.stateStore.has("big"), false);
  // Not even read: text that is not JSON gets the same answer, not a parse error.
  assert.equal(JSON.parse(await bridge("state.set", `${value}!`)).error.code, "ADDON_CAPABILITY_ARGS_TOO_LARGE");

  const events = syntheticEvents(100_000);
  const payload = JSON.stringify([events]);
  assert.ok(payload.length > 26_000_000 && payload.length < MAX_CALL_PAYLOAD_CHARS, `${payload.length} characters`);
  assert.deepEqual(JSON.parse(await bridge("emit", payload)), { ok: true });
  assert.equal(caps.emitted.length, 100_000);
});
