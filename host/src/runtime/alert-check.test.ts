import { test } from "node:test";
import assert from "node:assert/strict";
import { alertProblem, MAX_ALERT_NESTING } from "./alert-check.ts";

/** An array nested `levels` deep around a number: nest(0) = 1, nest(2) = [[1]] (parsed: JSON.parse does not recurse). */
const nest = (levels: number): unknown => JSON.parse(`${"[".repeat(levels)}1${"]".repeat(levels)}`);

const alert = (fields: Record<string, unknown> = {}) => ({
  connector_type: "test.echo", alert_type: "link_down", role: "problem", severity: "major", category: "network",
  device_ip: "192.0.2.1", device_name: "sw1", title: "sw1: link down", message: "", timestamp: "2026-01-01T00:00:00.000Z",
  metrics: {}, raw: {}, ...fields,
});

test("an alert whose raw or metrics nest too deep is refused by name; the limit itself is fine", () => {
  assert.equal(alertProblem(alert()), null);
  assert.equal(alertProblem(alert({ raw: { deep: nest(MAX_ALERT_NESTING - 1) } })), null);
  assert.equal(alertProblem(alert({ raw: { deep: nest(MAX_ALERT_NESTING) } })), `/raw nests deeper than ${MAX_ALERT_NESTING} levels`);
  assert.equal(alertProblem(alert({ metrics: { deep: nest(20_000) } })), `/metrics nests deeper than ${MAX_ALERT_NESTING} levels`);
  assert.equal(alertProblem(alert({ timestamp: "yesterday" })), `/timestamp must match format "date-time"`);
});
