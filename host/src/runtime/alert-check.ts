import { createAjv, describeErrors, hotCheckFor, normalizedAlertSchema } from "@opsconductor/sdk";
import { nestsDeeperThan } from "../util/nesting.ts";

// The sdk's NormalizedAlert schema, split for speed: the structure is checked by a hot check
// (every alert a sandbox returns passes here), the timestamp's date-time format separately
// with a memo (a poll's events share a few timestamps).
const { $id: _id, ...alertStructure } = normalizedAlertSchema;
const structureProblems = hotCheckFor({
  ...alertStructure,
  properties: { ...alertStructure.properties, timestamp: { type: "string" } },
});
const dateTimeOk = createAjv().compile({ type: "string", format: "date-time" });
const knownTimestamps = new Map<string, boolean>();

function isDateTime(value: string): boolean {
  let ok = knownTimestamps.get(value);
  if (ok === undefined) {
    ok = dateTimeOk(value);
    if (knownTimestamps.size >= 4_096) knownTimestamps.clear();
    knownTimestamps.set(value, ok);
  }
  return ok;
}

/**
 * How deep an alert's `raw` and `metrics` may nest. The host stores and serves them with
 * JSON.stringify, which recurses: a structure thousands of levels deep (easy to build from a
 * 256 KiB webhook body) would overflow the stack in the middle of an ingest transaction.
 */
export const MAX_ALERT_NESTING = 64;

/** Why `alert` is not a NormalizedAlert (the sdk schema), or null when it is one. */
export function alertProblem(alert: unknown): string | null {
  const problems = structureProblems(alert);
  if (problems !== null) return describeErrors(problems);
  const { timestamp, raw, metrics } = alert as { timestamp: string; raw: unknown; metrics: unknown };
  if (!isDateTime(timestamp)) return `/timestamp must match format "date-time"`;
  if (nestsDeeperThan(raw, MAX_ALERT_NESTING)) return `/raw nests deeper than ${MAX_ALERT_NESTING} levels`;
  if (nestsDeeperThan(metrics, MAX_ALERT_NESTING)) return `/metrics nests deeper than ${MAX_ALERT_NESTING} levels`;
  return null;
}
