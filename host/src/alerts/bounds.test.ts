import { test } from "node:test";
import assert from "node:assert/strict";
import { ALERT_LIMITS, storedContent } from "./bounds.ts";

test("content within the bounds is stored as it is, nothing named cut", () => {
  const content = storedContent("sw1: link down", "Link down", { ifIndex: 3 }, { alert_type: "link_down" });
  assert.deepEqual(content, {
    title: "sw1: link down", message: "Link down", metrics_json: '{"ifIndex":3}', raw_json: '{"alert_type":"link_down"}', truncated: null,
  });
  const exact = "m".repeat(ALERT_LIMITS.message);
  assert.equal(storedContent("t", exact, {}, {}).message, exact, "exactly at the bound: kept whole");
});

test("a message over its bound keeps its beginning, says how much was cut and fits the bound", () => {
  const message = "x".repeat(1_000_000);
  const content = storedContent("t", message, {}, {});
  assert.equal(content.message.length <= ALERT_LIMITS.message, true);
  assert.match(content.message, /^x+ … \[991,\d{3} more characters cut\]$/);
  const kept = content.message.indexOf(" … [");
  assert.equal(Number(/\[([\d,]+) more/.exec(content.message)![1]!.replaceAll(",", "")), message.length - kept, "the count is what is missing");
  assert.deepEqual(content.truncated, ["message"]);
});

test("a cut never splits a surrogate pair", () => {
  const message = "😀".repeat(ALERT_LIMITS.message);
  const { message: stored } = storedContent("t", message, {}, {});
  const head = stored.slice(0, stored.indexOf(" … ["));
  assert.equal(head.length % 2, 0);
  assert.equal(head, "😀".repeat(head.length / 2));
});

test("a title rendered over its bound is cut like a message", () => {
  const content = storedContent("t".repeat(5_000), "m", {}, {});
  assert.equal(content.title.length <= ALERT_LIMITS.title, true);
  assert.deepEqual(content.truncated, ["title"]);
});

test("metrics and raw over their bounds become an object naming their size and beginning", () => {
  const raw = { payload: "r".repeat(ALERT_LIMITS.rawJson) };
  const metrics = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`counter_${i}`, i]));
  const content = storedContent("t", "m", metrics, raw);
  assert.deepEqual(content.truncated, ["metrics", "raw"]);
  const storedRaw = JSON.parse(content.raw_json) as { _truncated: { characters: number; head: string } };
  assert.equal(storedRaw._truncated.characters, JSON.stringify(raw).length);
  assert.equal(storedRaw._truncated.head, JSON.stringify(raw).slice(0, storedRaw._truncated.head.length));
  assert.equal(content.raw_json.length < ALERT_LIMITS.rawJson, true);
  const storedMetrics = JSON.parse(content.metrics_json) as { _truncated: { characters: number } };
  assert.equal(storedMetrics._truncated.characters, JSON.stringify(metrics).length);
  assert.equal(content.metrics_json.length <= ALERT_LIMITS.metricsJson, true);
});
