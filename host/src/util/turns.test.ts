import { test } from "node:test";
import assert from "node:assert/strict";
import { Turns } from "./turns.ts";

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("up to `concurrency` hold a turn; the rest get theirs in arrival order as turns are given back", async () => {
  const turns = new Turns(2);
  const order: number[] = [];
  const taken = Array.from({ length: 4 }, (_, i) => turns.take());
  taken.forEach((turn, i) => void turn.ready.then(() => order.push(i)));
  await settle();
  assert.deepEqual([order, turns.full, turns.waiting], [[0, 1], true, 2]);
  taken[1]!.release();
  taken[1]!.release();
  await settle();
  assert.deepEqual(order, [0, 1, 2], "released twice: one turn passed on");
  taken[0]!.release();
  taken[2]!.release();
  taken[3]!.release();
  await settle();
  assert.deepEqual([order, turns.idle], [[0, 1, 2, 3], true]);
});

test("a turn released before it was given leaves the line without taking anyone's turn", async () => {
  const turns = new Turns(1);
  const holder = turns.take();
  const quitter = turns.take();
  const next = turns.take();
  let nextGiven = false;
  void next.ready.then(() => (nextGiven = true));
  quitter.release();
  await settle();
  assert.deepEqual([nextGiven, turns.waiting], [false, 1]);
  holder.release();
  await settle();
  assert.equal(nextGiven, true);
  next.release();
  assert.equal(turns.idle, true);
});
