import type { Severity } from "@opsconductor/sdk";

// What senders call their severities, lower case, to ours.
const SYNONYMS: Record<string, Severity> = {
  critical: "critical", crit: "critical", fatal: "critical", emergency: "critical", emerg: "critical", alert: "critical", disaster: "critical", p1: "critical",
  major: "major", high: "major", error: "major", err: "major", p2: "major",
  minor: "minor", medium: "minor", average: "minor", p3: "minor",
  warning: "warning", warn: "warning", low: "warning", p4: "warning",
  info: "info", informational: "info", information: "info", notice: "info", debug: "info", p5: "info",
  clear: "clear", cleared: "clear", ok: "clear", resolved: "clear", recovery: "clear", normal: "clear", up: "clear",
};

/** A sender's severity text (or a syslog-style number 0-7) as ours; undefined when it means nothing known. */
export function severityFromSource(value: unknown): Severity | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 7) {
    return (["critical", "critical", "critical", "major", "warning", "info", "info", "info"] as const)[value];
  }
  return typeof value === "string" ? SYNONYMS[value.trim().toLowerCase()] : undefined;
}
