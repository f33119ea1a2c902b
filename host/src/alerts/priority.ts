import type { Severity } from "@opsconductor/sdk";
import type { Level, Priority, PriorityKey } from "../mappings/snapshot.ts";

/** The seeded ITIL matrix, used for a cell whose `priority_rules` row was deleted. */
export const DEFAULT_PRIORITY_MATRIX: ReadonlyMap<PriorityKey, Priority> = new Map<PriorityKey, Priority>([
  ["high/high", "P1"], ["high/medium", "P2"], ["high/low", "P3"],
  ["medium/high", "P2"], ["medium/medium", "P3"], ["medium/low", "P4"],
  ["low/high", "P3"], ["low/medium", "P4"], ["low/low", "P5"],
]);

/** Impact of a device without an inventory record. */
export const DEFAULT_IMPACT: Level = "medium";

/** The inventory record that sets an alert's impact. */
export interface DeviceImpact {
  name: string;
  criticality: Level;
}

export interface PriorityInput {
  severity: Severity;
  deviceIp: string;
  /** The inventory device with this IP, if any. */
  device: DeviceImpact | undefined;
  /** The alert type's template urgency, which overrides the severity's. */
  templateUrgency: Level | null;
  alertType: string;
  priorities: ReadonlyMap<PriorityKey, Priority>;
}

export interface PriorityDecision {
  priority: Priority;
  /** Why, for the operator: "P2 because impact high (device core-sw1 criticality high) × urgency medium (severity minor)". */
  reason: string;
}

/** Urgency from severity: critical/major → high, minor → medium, the rest → low. */
export function urgencyOfSeverity(severity: Severity): Level {
  if (severity === "critical" || severity === "major") return "high";
  return severity === "minor" ? "medium" : "low";
}

/**
 * Priority = impact (device criticality) × urgency (severity, or the type's template),
 * looked up in the connector type's matrix, with the reason spelled out.
 *
 * @example
 * decidePriority({ severity: "minor", deviceIp: "10.0.0.1", device: { name: "core-sw1", criticality: "high" },
 *   templateUrgency: null, alertType: "link_down", priorities: DEFAULT_PRIORITY_MATRIX }).priority; // "P2"
 */
export function decidePriority(input: PriorityInput): PriorityDecision {
  const impact = input.device?.criticality ?? DEFAULT_IMPACT;
  const impactWhy = input.device
    ? `device ${input.device.name} criticality ${impact}`
    : input.deviceIp ? `device ${input.deviceIp} not in inventory, default` : "no device, default";
  const urgency = input.templateUrgency ?? urgencyOfSeverity(input.severity);
  const urgencyWhy = input.templateUrgency ? `template for ${input.alertType}` : `severity ${input.severity}`;
  const key: PriorityKey = `${impact}/${urgency}`;
  const priority = input.priorities.get(key) ?? DEFAULT_PRIORITY_MATRIX.get(key) ?? "P3";
  return { priority, reason: `${priority} because impact ${impact} (${impactWhy}) × urgency ${urgency} (${urgencyWhy})` };
}
