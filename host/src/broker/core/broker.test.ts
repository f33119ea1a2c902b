import assert from "node:assert/strict";
import type { RawEvent } from "@opsconductor/sdk";
import { test } from "node:test";
import { ManualClock } from "../../util/clock.ts";
import { CallBudget } from "./call-budget.ts";
import { Redactor, secretStringsOf } from "./redactor.ts";
import { testBroker } from "./testing.ts";

const event: RawEvent = { alert_type: "link_down", device_ip: "10.0.0.1", device_name: "sw1", timestamp: "2026-01-01T00:00:00Z", metrics: { ifIndex: 3 } };

test("ctx.emit forwards copies of the events to the sink, and is refused without one", async () => {
  const received: RawEvent[][] = [];
  const kit = testBroker({ targets: [], emit: async (events) => void received.push(events) });
  const without = testBroker({ targets: [] });
  try {
    const events = [event];
    await kit.broker.capabilities.emit(events);
    assert.deepEqual(received, [[event]]);
    assert.notEqual(received[0], events, "the sink gets a copy");
    await assert.rejects(kit.broker.capabilities.emit("nope" as unknown as RawEvent[]), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(without.broker.capabilities.emit([event]), { code: "BROKER_PERMISSION_DENIED" });
  } finally {
    await Promise.all([kit.close(), without.close()]);
  }
});

test("ctx.emit takes 100,000 events per operation across its calls; past that a call is refused whole, and the next operation starts over", async () => {
  let received = 0;
  const kit = testBroker({ targets: [], emit: async (events) => void (received += events.length) });
  const thousand = Array.from({ length: 1000 }, () => event);
  try {
    const endPoll = kit.broker.beginOperation();
    for (let i = 0; i < 99; i++) await kit.broker.capabilities.emit(thousand);
    await kit.broker.capabilities.emit(thousand.slice(0, 999));
    await assert.rejects(kit.broker.capabilities.emit([event, event]), {
      code: "BROKER_BUDGET_EXCEEDED", message: /refused 2 events: .* already emitted 99999 of its 100000 allowed/,
    });
    await kit.broker.capabilities.emit([event]);
    assert.equal(received, 100_000, "none of the refused call's events reached the sink");
    endPoll();
    kit.broker.beginOperation();
    await kit.broker.capabilities.emit(thousand);
    assert.equal(received, 101_000);
  } finally {
    await kit.close();
  }
});

test("emit allowances (a budget counted by the event) of overlapping operations pool; with none running, a new operation starts over", () => {
  const allowance = new CallBudget(10, "emitted events");
  const refusal = (used: number, limit: number) => `emitted ${used} of ${limit}`;
  const endPoll = allowance.begin();
  allowance.take(8, refusal);
  const endDelivery = allowance.begin();
  allowance.take(12, refusal);
  assert.throws(() => allowance.take(1, refusal), { code: "BROKER_BUDGET_EXCEEDED", message: "emitted 20 of 10" });
  endPoll();
  endPoll();
  endDelivery();
  allowance.begin();
  allowance.take(10, refusal);
  assert.throws(() => allowance.take(1, refusal), { code: "BROKER_BUDGET_EXCEEDED" });
});

test("ctx.now reads the injected clock", () => {
  const kit = testBroker({ targets: [], clock: new ManualClock("2026-03-01T12:00:00.000Z") });
  assert.equal(kit.broker.capabilities.now(), "2026-03-01T12:00:00.000Z");
  void kit.close();
});

test("after close every capability refuses with BROKER_CLOSED, and close is idempotent", async () => {
  const kit = testBroker({ targets: [{ id: "t", name: "t", host: "127.0.0.1", port: 9 }], emit: async () => undefined });
  await kit.broker.close();
  await kit.broker.close();
  const { http, snmp, ssh, state, emit } = kit.broker.capabilities;
  await assert.rejects(http.request("t", { path: "/" }), { code: "BROKER_CLOSED" });
  await assert.rejects(snmp.get("t", ["1.3.6.1.2.1.1.1.0"]), { code: "BROKER_CLOSED" });
  await assert.rejects(ssh.exec("t", "uptime"), { code: "BROKER_CLOSED" });
  await assert.rejects(state.get("k"), { code: "BROKER_CLOSED" });
  await assert.rejects(emit([]), { code: "BROKER_CLOSED" });
  kit.db.close();
});

test("capabilities are frozen plain functions: the host-side controls are not among them", () => {
  const kit = testBroker({ targets: [] });
  const capabilities = kit.broker.capabilities as unknown as Record<string, unknown>;
  assert.ok(Object.isFrozen(capabilities));
  assert.deepEqual(Object.keys(capabilities).sort(), ["emit", "http", "log", "now", "snmp", "ssh", "state"]);
  for (const hostOnly of ["close", "beginOperation", "stats"]) assert.equal(capabilities[hostOnly], undefined);
  void kit.close();
});

test("the redactor replaces secrets (and their URL-encoded forms) longest first, nested values included", () => {
  const redactor = new Redactor(secretStringsOf({ a: "pass word/1", nested: { b: "pass word/1-longer" }, n: 123456, short: "ab" }));
  assert.equal(redactor.text("x pass word/1-longer y pass%20word%2F1 z pass+word%2F1"), "x *** y *** z ***");
  assert.equal(redactor.text("123456 ab"), "*** ab");
  assert.deepEqual(redactor.deep({ k: ["pass word/1"] }), { k: ["***"] });
});
