import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseSeedMappings, seedToMappingSnapshot, type RawEvent } from "@opsconductor/sdk";
import { WebhookNormalizer } from "./normalizer.ts";

const seed = parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url)));
const snapshot = seedToMappingSnapshot("opsconductor.webhook", seed);
const normalizer = new WebhookNormalizer(snapshot);

function event(alertType: string, sourceSeverity?: unknown): RawEvent {
  return {
    alert_type: alertType, device_ip: "10.1.2.3", device_name: "app1", timestamp: "2026-02-01T10:00:00.000Z",
    metrics: sourceSeverity === undefined ? {} : { source_severity: sourceSeverity },
  };
}

test("seed: test, test_alert and heartbeat are notices whatever severity the sender gives", () => {
  for (const type of ["test", "test_alert", "heartbeat"]) {
    for (const sent of ["critical", "firing", "resolved", undefined]) {
      const alert = normalizer.normalize(event(type, sent))!;
      assert.deepEqual([alert.role, alert.severity, alert.category], ["notice", "info", "application"], `${type} sent as ${sent}`);
    }
  }
});

test("seed: no row for the default type, so the sender's severity still decides for webhook_event", () => {
  assert.equal(snapshot.severity.webhook_event, undefined);
  assert.ok(!(seed.alert_types ?? []).some((row) => row.alert_type === "webhook_event"), "no template urgency to flatten the priority");
  const cases: Array<[unknown, string, string]> = [
    ["critical", "problem", "critical"], ["minor", "problem", "minor"], ["resolved", "clear", "clear"], ["info", "notice", "info"],
    [undefined, "problem", "warning"],
  ];
  for (const [sent, role, severity] of cases) {
    const alert = normalizer.normalize(event("webhook_event", sent))!;
    assert.deepEqual([alert.role, alert.severity, alert.category], [role, severity, "application"], `sent as ${String(sent)}`);
  }
});

test("seed: every templated type has a severity row, and the priority matrix has all nine cells", () => {
  for (const row of seed.alert_types ?? []) assert.ok(snapshot.severity[row.alert_type], `severity row for ${row.alert_type}`);
  const cells = new Set((seed.priority ?? []).map((row) => `${row.impact}/${row.urgency}`));
  assert.equal(cells.size, 9);
  assert.equal(snapshot.default_category, "application");
});
