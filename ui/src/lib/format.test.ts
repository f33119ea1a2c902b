import { test } from "node:test";
import assert from "node:assert/strict";
import { formatActor, formatDuration, formatSchedule, formatTimestamp, relativeTime, timeAgo } from "./format.ts";

const NOW = Date.parse("2025-06-01T12:00:00Z");

test("relativeTime picks the largest sensible unit", () => {
  assert.equal(relativeTime("2025-06-01T11:59:58Z", NOW), "now");
  assert.equal(relativeTime("2025-06-01T11:59:30Z", NOW), "30s ago");
  assert.equal(relativeTime("2025-06-01T11:55:00Z", NOW), "5m ago");
  assert.equal(relativeTime("2025-06-01T09:00:00Z", NOW), "3h ago");
  assert.equal(relativeTime("2025-05-28T12:00:00Z", NOW), "4d ago");
  assert.equal(relativeTime("2025-06-01T12:10:00Z", NOW), "in 10m");
  assert.equal(relativeTime(null, NOW), "—");
  assert.equal(relativeTime("garbage", NOW), "garbage");
});

test("timeAgo never puts a past event in the future: newer than the page's last clock tick reads now", () => {
  assert.equal(timeAgo("2025-06-01T12:00:07Z", NOW), "now", "polled 7 s after the tick");
  assert.equal(timeAgo("2025-06-01T11:55:00Z", NOW), "5m ago");
  assert.equal(timeAgo(null, NOW), "—");
  assert.equal(timeAgo("garbage", NOW), "garbage");
});

test("formatDuration", () => {
  assert.equal(formatDuration(null), "—");
  assert.equal(formatDuration(850), "850 ms");
  assert.equal(formatDuration(1234), "1.2 s");
  assert.equal(formatDuration(42_000), "42 s");
  assert.equal(formatDuration(125_000), "2m 05s");
  assert.equal(formatDuration(3_720_000), "1h 02m");
});

test("formatTimestamp is local and zero-padded", () => {
  const iso = new Date(2025, 0, 2, 3, 4, 5).toISOString();
  assert.equal(formatTimestamp(iso), "2025-01-02 03:04:05");
  assert.equal(formatTimestamp(null), "—");
});

test("formatSchedule", () => {
  assert.equal(formatSchedule(60, null), "every 60 s");
  assert.equal(formatSchedule(300, null), "every 5 min");
  assert.equal(formatSchedule(7200, null), "every 2 h");
  assert.equal(formatSchedule(86_400, null), "every 1 d");
  assert.equal(formatSchedule(null, "0 3 * * *"), "cron 0 3 * * *");
  assert.equal(formatSchedule(null, null), "—");
});

test("formatActor", () => {
  assert.equal(formatActor("user:alice"), "alice");
  assert.equal(formatActor("connector:prtg-1"), "connector prtg-1");
  assert.equal(formatActor("system"), "system");
});
