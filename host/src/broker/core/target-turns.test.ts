import assert from "node:assert/strict";
import { test } from "node:test";
import { hostError } from "../../errors.ts";
import { TargetTurns } from "./target-turns.ts";

const settle = () => new Promise((resolve) => setImmediate(resolve));
const waitedTooLong = (targetId: string) => hostError("BROKER_TIMEOUT", `no turn at ${targetId}`);

/** Work that runs until `finish()` is called; `running` counts how many run now. */
function controllable() {
  const finishers: Array<() => void> = [];
  let running = 0;
  let most = 0;
  const work = () => new Promise<void>((resolve) => {
    running += 1;
    most = Math.max(most, running);
    finishers.push(() => {
      running -= 1;
      resolve();
    });
  });
  return { work, finishNext: () => finishers.shift()!(), get running() { return running; }, get most() { return most; } };
}

test("calls to one target run `perTarget` at a time, the rest in arrival order; other targets are not held up", async () => {
  const turns = new TargetTurns(2, 5_000, waitedTooLong);
  const device = controllable();
  const order: number[] = [];
  const calls = Array.from({ length: 5 }, (_, i) => turns.run("a", () => (order.push(i), device.work())));
  await settle();
  assert.deepEqual([device.running, order], [2, [0, 1]]);
  assert.equal(await turns.run("b", async () => "other target"), "other target");
  while (order.length < 5 || device.running > 0) {
    device.finishNext();
    await settle();
  }
  await Promise.all(calls);
  assert.deepEqual([device.most, order], [2, [0, 1, 2, 3, 4]]);
});

test("a call that waits longer than the time limit fails with the caller's error and leaves the line", async () => {
  const turns = new TargetTurns(1, 50, waitedTooLong);
  const device = controllable();
  const holder = turns.run("a", device.work);
  await assert.rejects(turns.run("a", async () => "never"), { code: "BROKER_TIMEOUT", message: "no turn at a" });
  device.finishNext();
  await holder;
  assert.equal(await turns.run("a", async () => "next"), "next", "the line moved on");
});

test("close() ends every wait at once, and later calls are refused", async () => {
  const turns = new TargetTurns(1, 5_000, waitedTooLong);
  const device = controllable();
  const holder = turns.run("a", device.work);
  const waiting = turns.run("a", async () => "never");
  await settle();
  turns.close();
  await assert.rejects(waiting, /closed/);
  await assert.rejects(turns.run("b", async () => "never"), /closed/);
  device.finishNext();
  await holder;
});
