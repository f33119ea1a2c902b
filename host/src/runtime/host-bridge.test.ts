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

test("a call whose JSON arguments pass the cap is refused unread; an emit of 1,000 typical events (its most) passes, one of 1,001 is refused before its events are checked", async () => {
  const caps = createTestCapabilities();
  const bridge = createHostBridge(caps, quietMeter, { isOpen: () => true, inOperation: () => true });
  const value = "x".repeat(MAX_CALL_PAYLOAD_CHARS);
  const answer = JSON.parse(await bridge("state.set", JSON.stringify(["big", value])));
  assert.equal(answer.error.code, "ADDON_CAPABILITY_ARGS_TOO_LARGE");
  assert.match(answer.error.message, /^the arguments of "state\.set" are 8388618 characters of JSON, past the 8388608-character cap/);
  assert.equal(caps.stateStore.has("big"), false);
  // Not even read: text that is not JSON gets the same answer, not a parse error.
  assert.equal(JSON.parse(await bridge("state.set", `${value}!`)).error.code, "ADDON_CAPABILITY_ARGS_TOO_LARGE");

  const events = syntheticEvents(1_001);
  assert.deepEqual(JSON.parse(await bridge("emit", JSON.stringify([events.slice(0, 1_000)]))), { ok: true });
  assert.equal(caps.emitted.length, 1_000);
  // One event too many, and every one of them invalid: refused for the count, not for a schema error.
  const tooMany = JSON.parse(await bridge("emit", JSON.stringify([events.map(() => ({ not: "an event" }))])));
  assert.deepEqual(tooMany.error, { code: "BROKER_REQUEST_INVALID", message: "ctx.emit takes an array of at most 1000 events" });
  assert.equal(caps.emitted.length, 1_000);
});
