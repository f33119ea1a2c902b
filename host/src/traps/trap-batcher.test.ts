import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { TrapBatcher, type TrapOutcome } from "./trap-batcher.ts";

interface Delivery { key: string; outcomes: Array<TrapOutcome<number, string>> }

function recording(options: { maxQueued?: number; batchSize?: number; concurrency?: number; receive?: (key: string, n: number) => Promise<string> } = {}) {
  const deliveries: Delivery[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const batcher = new TrapBatcher<number, string>({
    receive: async (key, n) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await (options.receive ?? (async () => {
          // Out-of-order completion: later traps often finish first.
          await sleep(n % 3 === 0 ? 3 : 0);
          return `${key}:${n}`;
        }))(key, n);
      } finally {
        inFlight -= 1;
      }
    },
    deliver: (key, outcomes) => deliveries.push({ key, outcomes }),
    maxQueued: options.maxQueued ?? 1000,
    batchSize: options.batchSize ?? 10,
    concurrency: options.concurrency ?? 4,
  });
  return { batcher, deliveries, maxInFlight: () => maxInFlight };
}

test("each key's traps are delivered in arrival order, in one delivery per batch, whatever order receive finishes in", async () => {
  const { batcher, deliveries, maxInFlight } = recording({ batchSize: 10, concurrency: 4 });
  for (let n = 0; n < 25; n++) {
    assert.equal(batcher.push("a", n), true);
    assert.equal(batcher.push("b", 100 + n), true);
  }
  await batcher.idle();
  for (const [key, base] of [["a", 0], ["b", 100]] as const) {
    const mine = deliveries.filter((delivery) => delivery.key === key);
    assert.deepEqual(mine.map((delivery) => delivery.outcomes.length), [10, 10, 5], "25 traps queued in one turn: batches of 10, 10, 5");
    assert.deepEqual(mine.flatMap((delivery) => delivery.outcomes.map((outcome) => outcome.result)), Array.from({ length: 25 }, (_, n) => `${key}:${base + n}`));
  }
  assert.ok(maxInFlight() <= 8, `at most 4 receive calls per key in flight (saw ${maxInFlight()})`);
  assert.equal(batcher.queued(), 0);
});

test("a key's next batch waits until the previous one is delivered (a linkUp never overtakes its linkDown)", async () => {
  const started: number[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { batcher, deliveries } = recording({
    batchSize: 2, concurrency: 2,
    receive: async (key, n) => {
      started.push(n);
      if (n === 0) await gate;
      return `${key}:${n}`;
    },
  });
  for (let n = 0; n < 4; n++) batcher.push("a", n);
  await sleep(20);
  assert.deepEqual(started, [0, 1], "the second batch has not started while the first is stuck");
  assert.equal(deliveries.length, 0);
  release();
  await batcher.idle();
  assert.deepEqual(deliveries.map((delivery) => delivery.outcomes.map((outcome) => outcome.message)), [[0, 1], [2, 3]]);
});

test("a full queue refuses the trap (the caller counts it dropped); everything it accepted is delivered", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { batcher, deliveries } = recording({ maxQueued: 5, batchSize: 3, receive: async (key, n) => (await gate, `${key}:${n}`) });
  const accepted = Array.from({ length: 8 }, (_, n) => batcher.push("a", n));
  assert.deepEqual(accepted, [true, true, true, true, true, false, false, false]);
  assert.equal(batcher.queued(), 5);
  assert.equal(batcher.push("b", 0), true, "the bound is per key");
  await sleep(5);
  // The first batch (3) left the queue: room for 3 more.
  assert.deepEqual(Array.from({ length: 4 }, (_, n) => batcher.push("a", 10 + n)), [true, true, true, false]);
  release();
  await batcher.idle();
  const delivered = deliveries.filter((delivery) => delivery.key === "a").flatMap((delivery) => delivery.outcomes.map((outcome) => outcome.message));
  assert.deepEqual(delivered, [0, 1, 2, 3, 4, 10, 11, 12]);
});

test("a receive that fails is delivered as an error in its place; the rest of the batch is not lost", async () => {
  const { batcher, deliveries } = recording({
    receive: async (key, n) => {
      if (n === 1) throw new Error("guest threw");
      return `${key}:${n}`;
    },
  });
  for (let n = 0; n < 3; n++) batcher.push("a", n);
  await batcher.idle();
  assert.equal(deliveries.length, 1);
  const [first, second, third] = deliveries[0]!.outcomes;
  assert.equal(first!.result, "a:0");
  assert.match(String((second!.error as Error).message), /guest threw/);
  assert.equal(third!.result, "a:2");
});
