import assert from "node:assert/strict";
import { test } from "node:test";
import { openDatabase } from "../../store/database.ts";
import { createBroker } from "../core/create-broker.ts";
import { capturingLogger, testBroker } from "../core/testing.ts";
import { SqliteConnectorStateStore, STATE_BYTES_PER_KEY, type ConnectorStateStore } from "./state-store.ts";

test("state values round-trip as JSON per instance, survive a new broker, and undefined deletes", async () => {
  const kit = testBroker({ targets: [] });
  const store = new SqliteConnectorStateStore(kit.db);
  try {
    const { state } = kit.broker.capabilities;
    assert.equal(await state.get("cursor"), undefined);
    await state.set("cursor", { lastId: 42, seen: ["a", "b"] });
    assert.deepEqual(await state.get("cursor"), { lastId: 42, seen: ["a", "b"] });
    // Another instance on the same database does not see it.
    assert.equal(store.get("conn-2", "cursor"), undefined);
    assert.equal(store.get("conn-1", "cursor"), '{"lastId":42,"seen":["a","b"]}');
    // A restarted instance (a new broker on the same database) reads what the previous one wrote.
    const restarted = createBroker({
      instanceId: "conn-1", addonId: "test.addon", permissions: [], targets: [], config: {}, secrets: {}, stateStore: store,
      limits: { timeoutMs: 1000, maxResponseBytes: 1000, callsPerOperation: 1 }, logger: capturingLogger(),
    });
    assert.deepEqual(await restarted.capabilities.state.get("cursor"), { lastId: 42, seen: ["a", "b"] });
    await restarted.close();
    await state.set("cursor", undefined);
    assert.equal(await state.get("cursor"), undefined);
  } finally {
    await kit.close();
  }
});

test("a value over the per-value cap and a write over the per-instance cap are refused, the stored state unchanged", async () => {
  // 250 bytes of keys and values, and two keys' 64 bytes each.
  const stateMaxTotalBytes = 250 + 2 * STATE_BYTES_PER_KEY;
  const kit = testBroker({ targets: [], limits: { timeoutMs: 1000, maxResponseBytes: 1000, callsPerOperation: 1, stateMaxValueBytes: 100, stateMaxTotalBytes } });
  try {
    const { state } = kit.broker.capabilities;
    await assert.rejects(state.set("big", "x".repeat(200)), { code: "BROKER_STATE_TOO_LARGE" });
    await state.set("a", "x".repeat(90));
    await state.set("b", "y".repeat(90));
    await assert.rejects(state.set("c", "z".repeat(90)), { code: "BROKER_STATE_TOO_LARGE" });
    assert.equal(await state.get("c"), undefined);
    // Replacing a key counts its new size, not both.
    await state.set("b", "w".repeat(90));
    assert.equal(await state.get("b"), "w".repeat(90));
    await assert.rejects(state.set("", 1), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(state.set("n", 10n), { code: "BROKER_REQUEST_INVALID" });
  } finally {
    await kit.close();
  }
});

test("deleting a connector drops its state (migration 002's trigger)", () => {
  const db = openDatabase(":memory:");
  try {
    const now = new Date().toISOString();
    db.prepare("INSERT INTO connectors (id, addon_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run("c9", "x", "x", now, now);
    const store = new SqliteConnectorStateStore(db);
    store.set("c9", "k", "1", { maxTotalBytes: 1000, at: now });
    assert.deepEqual(store.usage("c9"), { keys: 1, bytes: 2 });
    db.prepare("DELETE FROM connectors WHERE id = ?").run("c9");
    assert.equal(store.get("c9", "k"), undefined);
  } finally {
    db.close();
  }
});

test("ctx.state calls have a budget per operation of their own: the call past it is refused (BROKER_BUDGET_EXCEEDED, naming ctx.state), the next operation starts over", async () => {
  const kit = testBroker({ targets: [], limits: { timeoutMs: 1000, maxResponseBytes: 1000, callsPerOperation: 1, stateCallsPerOperation: 3 } });
  try {
    const { broker } = kit;
    const { state } = broker.capabilities;
    const end = broker.beginOperation();
    await state.set("a", 1);
    assert.equal(await state.get("a"), 1);
    await state.set("a", undefined);
    await assert.rejects(state.get("a"), (error: Error & { code?: string }) => {
      assert.equal(error.code, "BROKER_BUDGET_EXCEEDED");
      assert.equal(error.message, "ctx.state call refused: this operation (poll, test, sync or delivery) already made its 3 allowed ctx.state calls");
      return true;
    });
    await assert.rejects(state.set("b", 2), { code: "BROKER_BUDGET_EXCEEDED" });
    assert.deepEqual(kit.db.prepare("SELECT key FROM connector_state").all(), [], "the refused set wrote nothing");
    const stats = broker.stats();
    assert.equal(stats.pollCalls, 0, "state calls take nothing from the network budget");
    assert.deepEqual([stats.capabilities.state.calls, stats.capabilities.state.errors], [5, 2]);
    end();
    broker.beginOperation();
    await state.set("b", 2);
    assert.equal(await state.get("b"), 2);
  } finally {
    await kit.close();
  }
});

test("by default an operation allows 1,000 ctx.state calls, gets and sets alike", async () => {
  const kit = testBroker({ targets: [] });
  try {
    const { state } = kit.broker.capabilities;
    kit.broker.beginOperation();
    const calls = Array.from({ length: 1_000 }, (_, i) => i % 2 === 0 ? state.set(`k${i}`, i) : state.get(`k${i - 1}`));
    const results = await Promise.allSettled([...calls, state.get("k0")]);
    assert.equal(results.filter((result) => result.status === "fulfilled").length, 1_000);
    assert.equal(((results[1_000] as PromiseRejectedResult).reason as { code: string }).code, "BROKER_BUDGET_EXCEEDED");
  } finally {
    await kit.close();
  }
});

test("a burst of state calls is spread over turns of the event loop: at most 64 reach SQLite in one turn, timers run in between", async () => {
  const db = openDatabase(":memory:");
  // The event loop's turns, counted by an immediate that schedules itself; the store notes the turn of each call.
  let turn = 0;
  let ticking = true;
  const tick = () => {
    turn += 1;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const callsPerTurn = new Map<number, number>();
  const note = () => callsPerTurn.set(turn, (callsPerTurn.get(turn) ?? 0) + 1);
  const real = new SqliteConnectorStateStore(db);
  const store: ConnectorStateStore = {
    get: (...args) => (note(), real.get(...args)),
    set: (...args) => (note(), real.set(...args)),
    delete: (...args) => (note(), real.delete(...args)),
    usage: (instanceId) => real.usage(instanceId),
  };
  const broker = createBroker({
    instanceId: "conn-1", addonId: "test.addon", permissions: [], targets: [], config: {}, secrets: {}, stateStore: store,
    limits: { timeoutMs: 1000, maxResponseBytes: 1000, callsPerOperation: 1 }, logger: capturingLogger(),
  });
  try {
    const { state } = broker.capabilities;
    let timerRanAfter: number | undefined;
    let settled = 0;
    setTimeout(() => (timerRanAfter = settled), 0);
    const calls = Array.from({ length: 1_000 }, (_, i) => (i % 4 === 0 ? state.get(`k${i - 1}`) : state.set(`k${i}`, i)).finally(() => settled++));
    const results = await Promise.allSettled(calls);
    assert.ok(results.every((result) => result.status === "fulfilled"));
    assert.equal([...callsPerTurn.values()].reduce((a, b) => a + b), 1_000);
    assert.ok(Math.max(...callsPerTurn.values()) <= 64, JSON.stringify([...callsPerTurn]));
    assert.ok(callsPerTurn.size >= 1_000 / 64, `${callsPerTurn.size} turns`);
    assert.ok(timerRanAfter !== undefined && timerRanAfter < 1_000, `the timer ran after ${timerRanAfter} calls`);
    // A few calls at a time pass at once: the count starts over every turn.
    broker.beginOperation();
    const before = turn;
    for (let i = 0; i < 200; i++) await state.get("k1");
    assert.ok(turn - before < 10, `${turn - before} turns for 200 calls one after the other`);
  } finally {
    ticking = false;
    await broker.close();
    db.close();
  }
});
