import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { pipelined } from "./pipelined.ts";

test("steps run up to `ahead` at once and are consumed in order, rejections included, whatever order they settle in", async () => {
  let inFlight = 0;
  let most = 0;
  const consumed: string[] = [];
  await pipelined(7, 3, async (index) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    try {
      await sleep((7 - index) * 3); // later steps settle first
      if (index === 4) throw new Error("step 4 failed");
      return index * 10;
    } finally {
      inFlight -= 1;
    }
  }, (index, settled) => {
    consumed.push(settled.status === "fulfilled" ? `${index}:${settled.value}` : `${index}:${(settled.reason as Error).message}`);
  });
  assert.deepEqual(consumed, ["0:0", "1:10", "2:20", "3:30", "4:step 4 failed", "5:50", "6:60"]);
  assert.equal(most, 3);
});

test("a consume that throws fails the run and stops launching", async () => {
  const launched: number[] = [];
  await assert.rejects(pipelined(10, 2, async (index) => {
    launched.push(index);
    return index;
  }, (index) => {
    if (index === 1) throw new Error("stop here");
  }), /stop here/);
  assert.deepEqual(launched, [0, 1, 2, 3], "two ahead: step 3 left when step 1 was taken; nothing after the throw");
});
