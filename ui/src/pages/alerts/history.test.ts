import { test } from "node:test";
import assert from "node:assert/strict";
import { olderEventsNote } from "./history.ts";

test("a history cut to its latest events says how many older ones are not shown", () => {
  assert.equal(olderEventsNote(500, 1_200), "700 older events not shown (the latest 500 of 1,200 are).");
  assert.equal(olderEventsNote(500, 501), "1 older event not shown (the latest 500 of 501 are).");
  assert.equal(olderEventsNote(3, 3), null, "a whole history: nothing to say");
});
