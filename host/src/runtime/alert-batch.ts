import type { NormalizedAlert, RawEvent } from "@opsconductor/sdk";
import type { OcError } from "@opsconductor/sdk";
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

/** A raw event whose alert the host refused: the normalizer threw on it, or what it made of it is not a NormalizedAlert. */
export interface RefusedEvent {
  /** Its index in the events given to `collectAlerts`. */
  index: number;
  /** ADDON_NORMALIZE_FAILED (the normalizer threw; `details.addonCode` keeps the error's own code) or ADDON_RESULT_INVALID. */
  error: OcError;
}

/** What `collectAlerts` made of a batch besides the alerts it appended. */
export interface CollectedBatch {
  /** Events the normalizer dropped (returned null: event type disabled). */
  dropped: number;
  /** Events whose alert was refused, in order; the batch's other alerts stand. */
  refused: RefusedEvent[];
}

/**
 * Rebuilds the alerts of a guest's normalize batch (see AlertBatch) for
 * `events[offset..offset+count)` from the host's own copy of each raw event, checks each
 * against the NormalizedAlert schema and this instance's connector type, and appends them
 * to `into` (and, with `origins`, the index in `events` each came from). An event the
 * normalizer threw on, or whose alert fails the checks, is refused alone: one bad sensor
 * does not cost the others. A batch that is malformed as a whole throws ADDON_RESULT_INVALID.
 */
export function collectAlerts(
  answer: unknown, events: readonly RawEvent[], offset: number, count: number, connectorType: string, into: NormalizedAlert[],
  origins?: number[],
): CollectedBatch {
  const batch = checkedBatch(answer, count);
  const dropped = new Set(batch.dropped);
  const rawMetrics = new Set(batch.rawMetrics);
  const refused: RefusedEvent[] = [];
  for (let i = 0; i < count; i++) {
    if (dropped.has(i)) continue;
    const at = offset + i;
    const failure = batch.failed[i];
    if (failure !== undefined) {
      refused.push({ index: at, error: normalizeFailure(failure, at) });
      continue;
    }
    let alert: Record<string, unknown>;
    try {
      alert = expandAlert(batch, i, at, events[at] as Record<string, unknown>, connectorType, rawMetrics.has(i));
    } catch (error) {
      refused.push({ index: at, error: error as OcError });
      continue;
    }
    const problem = alertProblem(alert);
    if (problem !== null) refused.push({ index: at, error: invalid(`the alert for event ${at} is invalid: ${problem}`) });
    else if (alert.connector_type !== connectorType) refused.push({ index: at, error: invalid(`the alert for event ${at} claims connector type ${JSON.stringify(alert.connector_type)}`) });
    else {
      into.push(alert as unknown as NormalizedAlert);
      origins?.push(at);
    }
  }
  return { dropped: dropped.size, refused };
}

/** The normalizer threw on event `at`: ADDON_NORMALIZE_FAILED with the guest's message, its own code kept aside. */
function normalizeFailure(failure: AlertBatch["failed"][string], at: number): OcError {
  const message = failure !== null && typeof failure === "object" && typeof failure.message === "string" ? failure.message : "unprintable error";
  const addonCode = failure !== null && typeof failure === "object" && typeof failure.addonCode === "string" ? failure.addonCode.slice(0, 100) : undefined;
  return hostError("ADDON_NORMALIZE_FAILED", `event ${at}: ${message}`.slice(0, MAX_MESSAGE), addonCode === undefined ? undefined : { addonCode });
}

function checkedBatch(answer: unknown, count: number): AlertBatch {
  const batch = answer as AlertBatch | null;
  if (batch === null || typeof batch !== "object") throw invalid("the normalizer's batch is not an object");
  for (const column of COLUMNS) {
    if (!Array.isArray(batch[column]) || batch[column].length !== count) throw invalid(`the normalizer's batch has no ${column} for each event`);
  }
  if (!Array.isArray(batch.dropped) || !Array.isArray(batch.rawMetrics) || batch.changes === null || typeof batch.changes !== "object"
    || batch.failed === null || typeof batch.failed !== "object") throw invalid("the normalizer's batch is malformed");
  return batch;
}

/** One alert: the decided columns, the raw event's fields, then whatever the normalizer changed. */
function expandAlert(batch: AlertBatch, i: number, at: number, raw: Record<string, unknown>, connectorType: string, metricsOfRaw: boolean): Record<string, unknown> {
  const alert: Record<string, unknown> = {
    connector_type: connectorType, alert_type: raw.alert_type, role: batch.role[i], severity: batch.severity[i],
    category: batch.category[i], device_ip: raw.device_ip, device_name: raw.device_name, title: batch.title[i],
    message: batch.message[i] ?? raw.message, timestamp: raw.timestamp, metrics: metricsOfRaw ? raw.metrics : batch.metrics[i], raw,
  };
  if (raw.resource !== undefined) alert.resource = raw.resource;
  if (raw.target !== undefined) alert.target = raw.target;
  const change = batch.changes[i];
  if (change !== undefined) applyChange(alert, change, at);
  if (alert.message === undefined) delete alert.message;
  return alert;
}

function applyChange(alert: Record<string, unknown>, change: AlertBatch["changes"][string], at: number): void {
  if (change === null || typeof change !== "object" || change.$invalid !== undefined) throw invalid(`the normalizer returned a non-object for event ${at}`);
  for (const key of Object.keys(change)) {
    if (key === "$omit") continue;
    if (!CHANGEABLE.has(key)) throw invalid(`the normalizer's batch changes an unknown field ${JSON.stringify(key).slice(0, 50)} of event ${at}`);
    alert[key] = change[key];
  }
  if (change.$omit === undefined) return;
  if (!Array.isArray(change.$omit)) throw invalid(`the normalizer's batch is malformed at event ${at}`);
  for (const key of change.$omit) {
    if (typeof key !== "string" || !CHANGEABLE.has(key)) throw invalid(`the normalizer's batch omits an unknown field of event ${at}`);
    delete alert[key];
  }
}
