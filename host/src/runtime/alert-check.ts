import { createAjv, describeErrors, hotCheckFor, normalizedAlertSchema } from "@opsconductor/sdk";

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

/** Why `alert` is not a NormalizedAlert (the sdk schema), or null when it is one. */
export function alertProblem(alert: unknown): string | null {
  const problems = structureProblems(alert);
  if (problems !== null) return describeErrors(problems);
  const { timestamp } = alert as { timestamp: string };
  return isDateTime(timestamp) ? null : `/timestamp must match format "date-time"`;
}
