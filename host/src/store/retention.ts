import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { Db } from "./database.ts";

export interface RetentionPolicy {
  /** Resolved alerts (and their history) are deleted this many days after they resolved. */
  alertDays: number;
  /** Metric samples are deleted this many days after they were taken. */
  metricDays: number;
  /** Audit log entries are deleted this many days after they were written. */
  auditDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { alertDays: 90, metricDays: 30, auditDays: 365 };

export interface PruneResult {
  alerts: number;
  alert_events: number;
  metric_samples: number;
  audit_log: number;
}

/** Rows per delete transaction: short enough that ingest never waits long for the write lock. */
const CHUNK = 2_000;
const DAY_MS = 86_400_000;

/**
 * Deletes what the retention policy no longer keeps: resolved alerts (their `alert_events`
 * go with them, ON DELETE CASCADE) resolved before the alert cut-off, metric samples
 * taken before the metric cut-off and audit entries written before the audit cut-off. Unresolved alerts are never deleted, however old.
 * Works in short transactions and yields to the event loop between them, so the daemon
 * keeps ingesting and serving; stops between chunks when `signal` aborts.
 */
export async function pruneStore(db: Db, policy: RetentionPolicy, nowMs: number, signal?: AbortSignal): Promise<PruneResult> {
  const result: PruneResult = { alerts: 0, alert_events: 0, metric_samples: 0, audit_log: 0 };
  const alertCutoff = new Date(nowMs - policy.alertDays * DAY_MS).toISOString();
  const metricCutoff = new Date(nowMs - policy.metricDays * DAY_MS).toISOString();
  const auditCutoff = new Date(nowMs - policy.auditDays * DAY_MS).toISOString();
  const oldAlerts = db.prepare(`SELECT id FROM alerts WHERE status = 'resolved' AND resolved_at < ? ORDER BY id LIMIT ${CHUNK}`).pluck();
  const eventsOf = db.prepare("SELECT count(*) FROM alert_events WHERE alert_id IN (SELECT value FROM json_each(?))").pluck();
  const deleteAlerts = db.prepare("DELETE FROM alerts WHERE id IN (SELECT value FROM json_each(?))");
  const deleteSamples = db.prepare(`DELETE FROM metric_samples WHERE id IN (SELECT id FROM metric_samples WHERE at < ? LIMIT ${CHUNK})`);
  const deleteAudit = db.prepare(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? LIMIT ${CHUNK})`);

  const alertChunk = db.transaction(() => {
    const ids = JSON.stringify(oldAlerts.all(alertCutoff));
    const events = eventsOf.get(ids) as number;
    const deleted = deleteAlerts.run(ids).changes;
    result.alerts += deleted;
    result.alert_events += events;
    return deleted;
  });
  while (!signal?.aborted && alertChunk.immediate() === CHUNK) await yieldToEventLoop();
  for (const [statement, cutoff, counted] of [[deleteSamples, metricCutoff, "metric_samples"], [deleteAudit, auditCutoff, "audit_log"]] as const) {
    while (!signal?.aborted) {
      const deleted = statement.run(cutoff).changes;
      result[counted] += deleted;
      if (deleted < CHUNK) break;
      await yieldToEventLoop();
    }
  }
  return result;
}
