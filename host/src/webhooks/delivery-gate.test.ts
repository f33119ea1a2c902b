import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { DeliveryGate } from "./delivery-gate.ts";

/** Resolves after pending promise callbacks have run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test("an addon has at most sandboxConcurrency deliveries in its sandbox; the rest get their turn in arrival order", async () => {
  const gate = new DeliveryGate({ sandboxConcurrency: 2, perInstance: 10 });
  const order: number[] = [];
  const admissions = Array.from({ length: 5 }, (_, i) => gate.admit("addon.a", i % 2 === 0 ? "c1" : "c2"));
  admissions.forEach((admission, i) => void admission.turn().then(() => order.push(i)));
  await settle();
  assert.deepEqual(order, [0, 1], "two in the sandbox, shared by the addon's instances");
  admissions[1]!.leave();
  await settle();
  assert.deepEqual(order, [0, 1, 2]);
  admissions[0]!.leave();
  admissions[2]!.leave();
  await settle();
  assert.deepEqual(order, [0, 1, 2, 3, 4]);
});

test("another addon's deliveries do not wait for this one's", async () => {
  const gate = new DeliveryGate({ sandboxConcurrency: 1 });
  const busy = gate.admit("addon.a", "c1");
  await busy.turn();
  let other = false;
  void gate.admit("addon.b", "c9").turn().then(() => (other = true));
  await settle();
  assert.equal(other, true);
});

test("an instance with perInstance deliveries admitted refuses one more with WEBHOOK_BUSY and a Retry-After; leaving frees a place", () => {
  const gate = new DeliveryGate({ perInstance: 2, retryAfterSeconds: 3 });
  const first = gate.admit("addon.a", "c1");
  gate.admit("addon.a", "c1");
  assert.throws(() => gate.admit("addon.a", "c1"), (error: unknown) => {
    assert.ok(OcError.is(error, "WEBHOOK_BUSY"));
    assert.equal(error.details?.retryAfterSeconds, 3);
    return true;
  });
  assert.doesNotThrow(() => gate.admit("addon.a", "c2"), "the limit is the instance's, not the addon's");
  first.leave();
  first.leave();
  assert.doesNotThrow(() => gate.admit("addon.a", "c1"));
  assert.throws(() => gate.admit("addon.a", "c1"), /WEBHOOK_BUSY|in progress/, "leaving twice freed one place only");
});

test("a delivery that leaves while waiting (its body failed its checks) gives up its place in line, not a sandbox slot", async () => {
  const gate = new DeliveryGate({ sandboxConcurrency: 1 });
  const inside = gate.admit("addon.a", "c1");
  await inside.turn();
  const quitter = gate.admit("addon.a", "c1");
  let quitterRan = false;
  void quitter.turn().then(() => (quitterRan = true));
  const next = gate.admit("addon.a", "c1");
  let nextRan = false;
  void next.turn().then(() => (nextRan = true));
  quitter.leave();
  await settle();
  assert.equal(nextRan, false, "the sandbox slot is still taken");
  inside.leave();
  await settle();
  assert.deepEqual([quitterRan, nextRan], [false, true]);
  // An admission that never asked for its turn (its body was refused) frees its place too.
  const unused = gate.admit("addon.a", "c1");
  unused.leave();
  next.leave();
  let last = false;
  void gate.admit("addon.a", "c1").turn().then(() => (last = true));
  await settle();
  assert.equal(last, true, "nothing left holding a slot");
});

test("an upload that does not arrive within the limit fails with WEBHOOK_UPLOAD_TIMEOUT; one that does is passed through", async () => {
  const gate = new DeliveryGate({ uploadTimeoutMs: 50 });
  const prompt = gate.admit("addon.a", "c1");
  assert.equal(await prompt.upload(async () => "body"), "body");
  const stalled = gate.admit("addon.a", "c1");
  await assert.rejects(stalled.upload(() => new Promise<string>(() => {})), (error: unknown) => OcError.is(error, "WEBHOOK_UPLOAD_TIMEOUT"));
  const refused = gate.admit("addon.a", "c1");
  await assert.rejects(refused.upload(() => Promise.reject(new Error("too large"))), /too large/, "the reader's own error comes through");
  for (const admission of [prompt, stalled, refused]) admission.leave();
  assert.deepEqual(gate.load("c1"), { in_progress: 0, refused_busy: 0 });
});
