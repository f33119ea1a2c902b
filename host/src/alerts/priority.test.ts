import { test } from "node:test";
import assert from "node:assert/strict";
import type { Severity } from "@opsconductor/sdk";
import type { Level, Priority, PriorityKey } from "../mappings/snapshot.ts";
import { DEFAULT_PRIORITY_MATRIX, decidePriority, urgencyOfSeverity } from "./priority.ts";

test("urgency follows severity: critical/major high, minor medium, the rest low", () => {
  const cases: Array<[Severity, Level]> = [
    ["critical", "high"], ["major", "high"], ["minor", "medium"], ["warning", "low"], ["info", "low"], ["clear", "low"],
  ];
  for (const [severity, urgency] of cases) assert.equal(urgencyOfSeverity(severity), urgency, severity);
});

test("priority = impact (device criticality) × urgency, with the reason spelled out", () => {
  const core = { name: "core-sw1", criticality: "high" as const };
  const cases: Array<[Parameters<typeof decidePriority>[0], Priority, string]> = [
    [{ severity: "minor", deviceIp: "10.0.0.1", device: core, templateUrgency: null, alertType: "link_down", priorities: DEFAULT_PRIORITY_MATRIX },
      "P2", "P2 because impact high (device core-sw1 criticality high) × urgency medium (severity minor)"],
    [{ severity: "critical", deviceIp: "10.0.0.1", device: core, templateUrgency: null, alertType: "link_down", priorities: DEFAULT_PRIORITY_MATRIX },
      "P1", "P1 because impact high (device core-sw1 criticality high) × urgency high (severity critical)"],
    [{ severity: "warning", deviceIp: "10.0.0.9", device: undefined, templateUrgency: null, alertType: "fan", priorities: DEFAULT_PRIORITY_MATRIX },
      "P4", "P4 because impact medium (device 10.0.0.9 not in inventory, default) × urgency low (severity warning)"],
    [{ severity: "warning", deviceIp: "", device: { name: "ap", criticality: "low" }, templateUrgency: "high", alertType: "ap_down", priorities: DEFAULT_PRIORITY_MATRIX },
      "P3", "P3 because impact low (device ap criticality low) × urgency high (template for ap_down)"],
    [{ severity: "info", deviceIp: "", device: undefined, templateUrgency: null, alertType: "x", priorities: DEFAULT_PRIORITY_MATRIX },
      "P4", "P4 because impact medium (no device, default) × urgency low (severity info)"],
  ];
  for (const [input, priority, reason] of cases) {
    assert.deepEqual(decidePriority(input), { priority, reason });
  }
});

test("the connector type's matrix wins; a missing cell falls back to the default matrix", () => {
  const custom = new Map<PriorityKey, Priority>([["medium/high", "P1"]]);
  const base = { deviceIp: "", device: undefined, templateUrgency: null, alertType: "x", priorities: custom } as const;
  assert.equal(decidePriority({ ...base, severity: "critical" }).priority, "P1");
  assert.equal(decidePriority({ ...base, severity: "minor" }).priority, "P3");
});
