import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { OcError } from "@opsconductor/sdk";
import { TrapBatcher, type TrapAnswer, type TrapOutcome } from "./trap-batcher.ts";

interface Delivery { key: string; outcomes: Array<TrapOutcome<number, string>> }
type Receive = (key: string, batch: number[]) => Promise<Array<TrapAnswer<string>>>;

const answerAll: Receive = async (key, batch) => {
  await sleep(batch[0]! % 3 === 0 ? 3 : 0);
  return batch.map((n) => ({ result: `${key}:${n}` }));
};

function recording(options: { maxQueued?: number; batchSize?: number; receive?: Receive } = {}) {
  const deliveries: Delivery[] = [];
  /** "receive a:0,1" and "deliver a:0,1" in the order they happened. */
  const log: string[] = [];
  const inSandbox = new Map<string, number>();
  let overlapped = false;
  const batcher = new TrapBatcher<number, string>({
    receive: async (key, batch) => {
      log.push(`receive ${key}:${batch.join(",")}`);
      inSandbox.set(key, (inSandbox.get(key) ?? 0) + 1);
      if (inSandbox.get(key)! > 1) overlapped = true;
      try {
        return await (options.receive ?? answerAll)(key, batch);
      } finally {
        inSandbox.set(key, inSandbox.get(key)! - 1);
      }
    },
    deliver: (key, outcomes) => {
      log.push(`deliver ${key}:${outcomes.map((outcome) => outcome.message).join(",")}`);
      deliveries.push({ key, outcomes });
    },
    maxQueued: options.maxQueued ?? 1000,
    batchSize: options.batchSize ?? 10,
  });
  return { batcher, deliveries, log, overlapped: () => overlapped };
}

const messages = (deliveries: Delivery[], key: string) => deliveries.filter((delivery) => delivery.key === key).flatMap((delivery) => delivery.outcomes.map((outcome) => outcome.message));

test("each key's traps go to receive a batch per call and are delivered in arrival order, one delivery per batch", async () => {
  const { batcher, deliveries, log, overlapped } = recording({ batchSize: 10 });
  for (let n = 0; n < 25; n++) {
    assert.equal(batcher.push("a", n), true);
    assert.equal(batcher.push("b", 100 + n), true);
  }
  await batcher.idle();
  for (const [key, base] of [["a", 0], ["b", 100]] as const) {
    const mine = deliveries.filter((delivery) => delivery.key === key);
    assert.deepEqual(mine.map((delivery) => delivery.outcomes.length), [10, 10, 5], "25 traps queued in one turn: batches of 10, 10, 5");
    assert.deepEqual(mine.flatMap((delivery) => delivery.outcomes.map((outcome) => outcome.result)), Array.from({ length: 25 }, (_, n) => `${key}:${base + n}`));
    assert.equal(log.filter((line) => line.startsWith(`receive ${key}:`)).length, 3, "one receive call per batch");
  }
  assert.equal(overlapped(), false, "one batch per key in the sandbox at a time");
  assert.equal(batcher.queued(), 0);
});

test("while a batch is delivered the next one is already in the sandbox; deliveries keep arrival order", async () => {
  const { batcher, log } = recording({ batchSize: 2 });
  for (let n = 0; n < 5; n++) batcher.push("a", n);
  await batcher.idle();
  assert.deepEqual(log, ["receive a:0,1", "receive a:2,3", "deliver a:0,1", "receive a:4", "deliver a:2,3", "deliver a:4"]);
});

test("a key's next batch waits until the previous one answered (a linkUp never overtakes its linkDown)", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { batcher, deliveries, log } = recording({
    batchSize: 2,
    receive: async (key, batch) => {
      if (batch[0] === 0) await gate;
      return batch.map((n) => ({ result: `${key}:${n}` }));
    },
  });
  for (let n = 0; n < 4; n++) batcher.push("a", n);
  await sleep(20);
  assert.deepEqual(log, ["receive a:0,1"], "the second batch has not started while the first is stuck");
  assert.equal(deliveries.length, 0);
  release();
  await batcher.idle();
  assert.deepEqual(deliveries.map((delivery) => delivery.outcomes.map((outcome) => outcome.message)), [[0, 1], [2, 3]]);
});

test("a full queue refuses the trap (the caller counts it dropped); everything it accepted is delivered", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { batcher, deliveries } = recording({ maxQueued: 5, batchSize: 3, receive: async (key, batch) => (await gate, batch.map((n) => ({ result: `${key}:${n}` }))) });
  const accepted = Array.from({ length: 8 }, (_, n) => batcher.push("a", n));
  assert.deepEqual(accepted, [true, true, true, true, true, false, false, false]);
  assert.equal(batcher.queued(), 5);
  assert.equal(batcher.push("b", 0), true, "the bound is per key");
  await sleep(5);
  // The first batch (3) left the queue: room for 3 more.
  assert.deepEqual(Array.from({ length: 4 }, (_, n) => batcher.push("a", 10 + n)), [true, true, true, false]);
  release();
  await batcher.idle();
  assert.deepEqual(messages(deliveries, "a"), [0, 1, 2, 3, 4, 10, 11, 12]);
});

test("a trap that failed is delivered as an error in its place; the rest of its batch is not lost", async () => {
  const { batcher, deliveries } = recording({
    receive: async (key, batch) => batch.map((n) => (n === 1 ? { error: new Error("guest threw") } : { result: `${key}:${n}` })),
  });
  for (let n = 0; n < 3; n++) batcher.push("a", n);
  await batcher.idle();
  assert.equal(deliveries.length, 1);
  const [first, second, third] = deliveries[0]!.outcomes;
  assert.equal(first!.result, "a:0");
  assert.match(String((second!.error as Error).message), /guest threw/);
  assert.equal(third!.result, "a:2");
});

test("a batch that fails whole, or answers short, delivers every trap of it as an error; the next batch still runs", async () => {
  const { batcher, deliveries } = recording({
    batchSize: 2,
    receive: async (key, batch) => {
      if (batch[0] === 0) throw new Error("the sandbox crashed");
      return batch.slice(0, 1).map((n) => ({ result: `${key}:${n}` }));
    },
  });
  for (let n = 0; n < 4; n++) batcher.push("a", n);
  await batcher.idle();
  const outcomes = deliveries.flatMap((delivery) => delivery.outcomes);
  assert.deepEqual(outcomes.map((outcome) => outcome.message), [0, 1, 2, 3], "every trap accounted for");
  assert.match(String((outcomes[0]!.error as Error).message), /crashed/);
  assert.match(String((outcomes[1]!.error as Error).message), /crashed/);
  assert.equal(outcomes[2]!.result, "a:2");
  assert.ok(OcError.is(outcomes[3]!.error, "ADDON_RESULT_INVALID"), "no answer for it: an error, not a silent loss");
});
