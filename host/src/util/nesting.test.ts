import { test } from "node:test";
import assert from "node:assert/strict";
import { nestsDeeperThan } from "./nesting.ts";

/** An array nested `levels` deep around a number: nest(0) = 1, nest(2) = [[1]] (parsed: JSON.parse does not recurse). */
const nest = (levels: number): unknown => JSON.parse(`${"[".repeat(levels)}1${"]".repeat(levels)}`);

test("nestsDeeperThan counts object and array levels, scalars none", () => {
  assert.equal(nestsDeeperThan(7, 0), false);
  assert.equal(nestsDeeperThan({}, 0), true);
  assert.equal(nestsDeeperThan(nest(3), 3), false);
  assert.equal(nestsDeeperThan(nest(4), 3), true);
  assert.equal(nestsDeeperThan({ a: [{ b: { c: 1 } }] }, 3), true);
  assert.equal(nestsDeeperThan({ a: [{ b: { c: 1 } }] }, 4), false);
  assert.equal(nestsDeeperThan({ shallow: 1, deep: nest(10) }, 5), true, "any branch counts");
  assert.equal(nestsDeeperThan(nest(200_000), 64), true, "stops at the limit: no stack overflow on a hostile depth");
});
