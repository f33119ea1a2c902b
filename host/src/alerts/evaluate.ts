import type { MappingCache } from "../mappings/snapshot.ts";
import { SYSTEM_ACTOR, isExpired, type IngestBatch } from "./batch.ts";
import { cachedPluck, cachedStatement } from "../store/statements.ts";

export interface EvaluateOptions {
  /** An instance whose last successful poll is older than this many poll intervals goes stale. */
  staleAfterIntervals: number;
  /** Reopenings of one fingerprint within `flapWindowMs` that make it flapping. */
  flapThreshold: number;
  flapWindowMs: number;
}

export interface EvaluateResult {
  markedStale: number;
  expired: number;
  flapping: number;
}

interface PolledConnector { id: string; poll_interval_s: number; last_success_at: string | null }
interface ExpiryCandidate { id: number; last_seen_at: string }
interface FlappingKey { fingerprint: string; reopened: number; latest: number }

/** The periodic `alerts.evaluate` pass: silent instances, expiry, flapping. */
export function evaluateAlerts(batch: IngestBatch, mappings: MappingCache, options: EvaluateOptions): EvaluateResult {
  const staleBefore = batch.result.markedStale;
  markSilentInstancesStale(batch, options.staleAfterIntervals);
  const expired = expireSilentAlerts(batch, mappings);
  const flapping = noteFlapping(batch, options);
  return { markedStale: batch.result.markedStale - staleBefore, expired, flapping };
}

/**
 * Instances that poll (they have a `last_poll_at`; push-only ones never do) but have
 * not succeeded for `staleAfterIntervals` intervals: we cannot see their sources, so
 * their problems go stale. Health alerts stay as they are: they describe the polling itself.
 */
function markSilentInstancesStale(batch: IngestBatch, staleAfterIntervals: number): void {
  const connectors = cachedStatement(batch.store.db,
    "SELECT id, poll_interval_s, last_success_at FROM connectors WHERE last_poll_at IS NOT NULL",
  ).all() as PolledConnector[];
  for (const connector of connectors) {
    const lastSuccess = connector.last_success_at ? Date.parse(connector.last_success_at) : Number.NEGATIVE_INFINITY;
    if (batch.atMs - lastSuccess <= staleAfterIntervals * connector.poll_interval_s * 1000) continue;
    for (const alert of batch.store.instanceProblems(connector.id)) {
      if (!alert.stale) batch.markStale(alert.id, { reason: "no successful poll", last_success_at: connector.last_success_at });
    }
  }
}

/** Open alerts silent for longer than their type's dedup window resolve as `expired`. */
function expireSilentAlerts(batch: IngestBatch, mappings: MappingCache): number {
  const { db } = batch.store;
  const types = cachedPluck(db, "SELECT DISTINCT connector_type FROM alerts WHERE status = 'open' AND stale = 0").all() as string[];
  const candidates = cachedStatement(db,
    "SELECT id, last_seen_at FROM alerts WHERE status = 'open' AND stale = 0 AND connector_type = ? AND last_seen_at < ?",
  );
  let expired = 0;
  for (const connectorType of types) {
    const windowS = mappings.get(connectorType).dedup.windowS;
    if (windowS <= 0) continue;
    const cutoff = new Date(batch.atMs - windowS * 1000).toISOString();
    for (const alert of candidates.all(connectorType, cutoff) as ExpiryCandidate[]) {
      if (!isExpired({ status: "open", stale: false, lastSeenAt: alert.last_seen_at }, windowS, batch.atMs)) continue;
      if (batch.resolve(alert.id, SYSTEM_ACTOR, "expired", { window_s: windowS, last_seen_at: alert.last_seen_at })) expired++;
    }
  }
  batch.result.expired += expired;
  return expired;
}

/**
 * A fingerprint whose problem was opened at least `flapThreshold + 1` times within the
 * window (so resolved and reopened at least `flapThreshold` times) is flapping: its
 * newest alert gets one `flapping` event.
 */
function noteFlapping(batch: IngestBatch, options: EvaluateOptions): number {
  const { db } = batch.store;
  const since = new Date(batch.atMs - options.flapWindowMs).toISOString();
  // Every alert opened since `since` was also last seen since then; the first_seen index narrows the scan
  // (an index on last_seen_at would move on every repeat: migration 004).
  const keys = cachedStatement(db,
    `SELECT fingerprint, count(*) - 1 AS reopened, max(id) AS latest FROM alerts
     WHERE kind = 'problem' AND last_seen_at >= ? AND first_seen_at >= ?
     GROUP BY fingerprint HAVING count(*) - 1 >= ?`,
  ).all(since, since, options.flapThreshold) as FlappingKey[];
  const alreadyNoted = cachedPluck(db, "SELECT 1 FROM alert_events WHERE alert_id = ? AND kind = 'flapping'");
  let flagged = 0;
  for (const key of keys) {
    if (alreadyNoted.get(key.latest)) continue;
    batch.event(key.latest, "flapping", SYSTEM_ACTOR, { reopened: key.reopened, within_ms: options.flapWindowMs });
    batch.change("updated", key.latest);
    flagged++;
  }
  return flagged;
}
