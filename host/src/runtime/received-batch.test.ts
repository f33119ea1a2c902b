import { test } from "node:test";
import assert from "node:assert/strict";
import { hasCode } from "./test-support/fault-scene.ts";
import { normalizeRanges, readReceivedBatch, type MessageSpan } from "./received-batch.ts";

const event = (n: number) => ({ alert_type: "item_down", device_ip: "192.0.2.1", device_name: "d", timestamp: "2026-01-01T00:00:00.000Z", metrics: { n } });
const ok = (value: unknown) => ({ ok: true, value });

test("a batch answer is laid out per message: spans of the kept events, a part that fails its checks fails its message alone", () => {
  const results = [
    ok([event(0), event(1)]),
    { ok: false, error: { code: "ADDON_CALL_FAILED", message: "device said no", addonCode: "NO" } },
    ok([]),
    ok([{ alert_type: "", device_ip: 5 }]),
    ok("not events"),
    { ok: "maybe" },
    { ok: false, error: { code: "NOT_AN_ADDON_CODE", message: "forged" } },
    ok([event(2)]),
  ];
  const batch = readReceivedBatch({ results, kept: 4, token: 7 }, results.length);
  assert.equal(batch.events.length, 4, "an invalid event is kept in the layout, never normalized");
  const codes = batch.spans.map((span) => span.error?.code ?? [span.start, span.end]);
  assert.deepEqual(codes, [[0, 2], "ADDON_CALL_FAILED", [2, 2], "ADDON_RESULT_INVALID", "ADDON_RESULT_INVALID", "ADDON_RESULT_INVALID", "ADDON_RESULT_INVALID", [3, 4]]);
  assert.equal(batch.spans[1]!.error!.details?.addonCode, "NO");
  assert.match(batch.spans[3]!.error!.message, /received event 0 is invalid/);
  assert.match(batch.spans[6]!.error!.message, /malformed envelope/, "a guest cannot pick a host code");
});

test("an answer that does not fit the batch is refused whole (ADDON_RESULT_INVALID)", () => {
  const results = [ok([event(0)]), ok([event(1)])];
  assert.throws(() => readReceivedBatch(null, 2), hasCode("ADDON_RESULT_INVALID"));
  assert.throws(() => readReceivedBatch({ results: results.slice(1), kept: 1, token: 1 }, 2), hasCode("ADDON_RESULT_INVALID"), "a message without an answer");
  assert.throws(() => readReceivedBatch({ results: "all fine", kept: 2, token: 1 }, 2), hasCode("ADDON_RESULT_INVALID"));
  assert.throws(() => readReceivedBatch({ results, kept: 3, token: 1 }, 2), hasCode("ADDON_RESULT_INVALID"), "kept events that no answer carries");
  assert.throws(() => readReceivedBatch({ results, token: 1 }, 2), hasCode("ADDON_RESULT_INVALID"));
  assert.equal(readReceivedBatch({ results, kept: 2, token: 1 }, 2).events.length, 2);
});

test("normalize ranges pack whole messages up to the batch size; a bigger message goes alone, in pieces", () => {
  const spans: MessageSpan[] = [
    { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 3, end: 4 }, // 4 events: one range
    { start: 4, end: 6 }, // would make 6: a new range
    { error: new Error("x") as never }, // failed: skipped, and it breaks contiguity below
    { start: 8, end: 8 }, // no events: nothing to normalize
    { start: 8, end: 9 }, // not contiguous with 4..6 (a failed message's events lie between)
    { start: 9, end: 19 }, // bigger than 4: alone, in pieces
    { start: 19, end: 20 },
  ];
  assert.deepEqual(normalizeRanges(spans, 4), [
    { start: 0, end: 4, messages: [0, 1, 2] },
    { start: 4, end: 6, messages: [3] },
    { start: 8, end: 9, messages: [6] },
    { start: 9, end: 13, messages: [7] }, { start: 13, end: 17, messages: [7] }, { start: 17, end: 19, messages: [7] },
    { start: 19, end: 20, messages: [8] },
  ]);
});
