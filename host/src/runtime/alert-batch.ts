import type { NormalizedAlert, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { alertProblem } from "./alert-check.ts";
import type { AlertBatch } from "./guest/protocol.ts";

const COLUMNS = ["role", "severity", "category", "title", "message", "metrics"] as const;
/** What a guest may say an alert changed relative to its raw event. */
const CHANGEABLE: ReadonlySet<string> = new Set([
  "alert_type", "device_ip", "device_name", "resource", "target", "timestamp", "message", "connector_type", "raw",
]);
const MAX_MESSAGE = 500;

function invalid(message: string) {
  return hostError("ADDON_RESULT_INVALID", message.slice(0, MAX_MESSAGE));
}

/**
 * Rebuilds the alerts of a guest's normalize batch (see AlertBatch) for
 * `events[offset..offset+count)` from the host's own copy of each raw event, checks each
 * against the NormalizedAlert schema and this instance's connector type, and appends them
 * to `into` (and, with `origins`, the index in `events` each came from). Returns how many
 * events the normalizer dropped.
 */
export function collectAlerts(
  answer: unknown, events: readonly RawEvent[], offset: number, count: number, connectorType: string, into: NormalizedAlert[],
  origins?: number[],
): { dropped: number } {
  const batch = checkedBatch(answer, count);
  const dropped = new Set(batch.dropped);
  const rawMetrics = new Set(batch.rawMetrics);
  for (let i = 0; i < count; i++) {
    if (dropped.has(i)) continue;
    const at = offset + i;
    const alert = expandAlert(batch, i, events[at] as Record<string, unknown>, connectorType, rawMetrics.has(i));
    const problem = alertProblem(alert);
    if (problem !== null) throw invalid(`the alert for event ${at} is invalid: ${problem}`);
    if (alert.connector_type !== connectorType) throw invalid(`the alert for event ${at} claims connector type ${JSON.stringify(alert.connector_type)}`);
    into.push(alert as unknown as NormalizedAlert);
    origins?.push(at);
  }
  return { dropped: dropped.size };
}

function checkedBatch(answer: unknown, count: number): AlertBatch {
  const batch = answer as AlertBatch | null;
  if (batch === null || typeof batch !== "object") throw invalid("the normalizer's batch is not an object");
  for (const column of COLUMNS) {
    if (!Array.isArray(batch[column]) || batch[column].length !== count) throw invalid(`the normalizer's batch has no ${column} for each event`);
  }
  if (!Array.isArray(batch.dropped) || !Array.isArray(batch.rawMetrics) || batch.changes === null || typeof batch.changes !== "object") throw invalid("the normalizer's batch is malformed");
  return batch;
}

/** One alert: the decided columns, the raw event's fields, then whatever the normalizer changed. */
function expandAlert(batch: AlertBatch, i: number, raw: Record<string, unknown>, connectorType: string, metricsOfRaw: boolean): Record<string, unknown> {
  const alert: Record<string, unknown> = {
    connector_type: connectorType, alert_type: raw.alert_type, role: batch.role[i], severity: batch.severity[i],
    category: batch.category[i], device_ip: raw.device_ip, device_name: raw.device_name, title: batch.title[i],
    message: batch.message[i] ?? raw.message, timestamp: raw.timestamp, metrics: metricsOfRaw ? raw.metrics : batch.metrics[i], raw,
  };
  if (raw.resource !== undefined) alert.resource = raw.resource;
  if (raw.target !== undefined) alert.target = raw.target;
  const change = batch.changes[i];
  if (change !== undefined) applyChange(alert, change, i);
  if (alert.message === undefined) delete alert.message;
  return alert;
}

function applyChange(alert: Record<string, unknown>, change: AlertBatch["changes"][string], i: number): void {
  if (change === null || typeof change !== "object" || change.$invalid !== undefined) throw invalid(`the normalizer returned a non-object for event ${i}`);
  for (const key of Object.keys(change)) {
    if (key === "$omit") continue;
    if (!CHANGEABLE.has(key)) throw invalid(`the normalizer's batch changes an unknown field ${JSON.stringify(key).slice(0, 50)}`);
    alert[key] = change[key];
  }
  if (change.$omit === undefined) return;
  if (!Array.isArray(change.$omit)) throw invalid("the normalizer's batch is malformed");
  for (const key of change.$omit) {
    if (typeof key !== "string" || !CHANGEABLE.has(key)) throw invalid("the normalizer's batch omits an unknown field");
    delete alert[key];
  }
}
