import type { NormalizedAlert, TargetOutcome } from "@opsconductor/sdk";
import type { RefusedEvents } from "../runtime/types.ts";

// The runtime makes them; the AlertManager's callers name them from here too.
export type { RefusedEvents };

export type AlertStatus = "open" | "acknowledged" | "resolved";
export const ALERT_STATUSES: readonly AlertStatus[] = ["open", "acknowledged", "resolved"];

/**
 * What a row stands for: a `problem` from a source; a `notice` (informational event,
 * stored already resolved, resolution null); a connector `health` alert the host raises
 * about an instance or target it cannot poll.
 */
export type AlertKind = "problem" | "notice" | "health";
export const ALERT_KINDS: readonly AlertKind[] = ["problem", "notice", "health"];

export type Resolution = "clear" | "absence" | "manual" | "expired";

/** An alert row as the API returns it. */
export interface AlertRecord {
  id: number;
  fingerprint: string;
  connector_id: string;
  connector_type: string;
  target: string | null;
  alert_type: string;
  kind: AlertKind;
  status: AlertStatus;
  stale: boolean;
  severity: string;
  category: string;
  priority: string;
  priority_reason: string;
  device_ip: string;
  device_name: string;
  resource: string | null;
  title: string;
  message: string;
  metrics: Record<string, unknown>;
  raw: Record<string, unknown>;
  occurrence_count: number;
  first_seen_at: string;
  last_seen_at: string;
  event_time: string;
  acknowledged_by: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution: Resolution | null;
}

export interface AlertEventRecord {
  id: number;
  alert_id: number;
  at: string;
  kind: string;
  actor: string;
  details: Record<string, unknown>;
}

/**
 * What one ingest call did, for counters, job results and the bench. Every received
 * alert lands in exactly one of created, deduplicated, resolved, droppedClears, notices;
 * the other fields count what the host decided on its own.
 */
export interface IngestResult {
  received: number;
  /** Problems that opened a new alert. */
  created: number;
  /** Problems that repeated an open alert. */
  deduplicated: number;
  /** Clears that resolved an open alert. */
  resolved: number;
  /** Clears with no open alert of their key. */
  droppedClears: number;
  /** Notices, stored already resolved. */
  notices: number;
  /** Alerts resolved because a snapshot no longer listed them. */
  resolvedByAbsence: number;
  /** Open alerts resolved as expired: silent for longer than their dedup window. */
  expired: number;
  /** Alerts marked stale because their target or the poll failed. */
  markedStale: number;
  /** Stale alerts seen again, or whose target is ok again. */
  markedFresh: number;
  /** Connector health alerts opened (a repeat of an open one is not counted). */
  healthRaised: number;
  /** Connector health alerts resolved by a successful poll. */
  healthCleared: number;
  /** Occurrences (new alerts and repeats) stored with their title, message, metrics or raw event cut to the store's bounds (ALERT_LIMITS). */
  truncated: number;
  /** Problems stored as notices (resolved at once) because their instance had its limit of unresolved alerts. */
  overOpenLimit: number;
}

/** A poll's per-target outcome; `host`/`name` (from the instance's targets) label the health alert. */
export interface PollTargetOutcome extends TargetOutcome {
  host?: string;
  name?: string;
}

/**
 * The outcome of one poll of one connector instance, as the AlertManager takes it:
 * the normalized alerts, whether they are a full snapshot, and each target's outcome.
 */
export interface PollOutcome {
  connectorId: string;
  connectorType: string;
  alerts: NormalizedAlert[];
  snapshot: boolean;
  targets: readonly PollTargetOutcome[];
  /**
   * Events whose alerts the addon's normalizer could not make, per target they name (see
   * {@link RefusedEvents}). Their alerts are unknown, so that target's absent alerts (all of
   * the instance's, for a `null` target) are not counted absent, and a `connector_events_refused`
   * health alert says so until a poll reads every event.
   */
  refused?: readonly RefusedEvents[];
}

/** A change the UI's SSE stream and webhooks hear about. */
export interface AlertChange {
  kind: "created" | "updated" | "resolved" | "acknowledged" | "unacknowledged" | "stale" | "fresh";
  alertId: number;
  at: string;
}

/** Health problems a connector instance raises about itself, cleared by the same machinery. */
export type ConnectorHealthCode = "CONNECTOR_UNREACHABLE" | "CONNECTOR_AUTH_FAILED" | "CONNECTOR_POLL_FAILED" | "CONNECTOR_EVENTS_REFUSED";

/**
 * The AlertManager's public surface: used by the scheduler's job handlers, the
 * push listeners (traps, webhooks) and the API.
 */
export interface AlertSink {
  /** Ingests pushed or polled alerts for one connector instance in one transaction (batched). */
  ingest(connectorId: string, alerts: readonly NormalizedAlert[]): IngestResult;
  /** Ingests a poll: alerts, then snapshot resolve-by-absence for ok targets, stale for failed ones, health alerts. */
  ingestPoll(outcome: PollOutcome): IngestResult;
  /** The whole poll failed (timeout, crash, auth): marks the instance's open alerts stale and raises a health alert. */
  pollFailed(connectorId: string, connectorType: string, error: { code: string; message: string }): IngestResult;
  acknowledge(alertId: number, actor: string, note?: string): AlertRecord;
  unacknowledge(alertId: number, actor: string): AlertRecord;
  resolve(alertId: number, actor: string, note?: string): AlertRecord;
  /**
   * The instance is gone (its connector deleted, its addon uninstalled with it): resolves every
   * unresolved alert it had, health alerts too, as 'manual' by `actor` with `reason` in the
   * event, since nothing would ever clear them. Returns how many it resolved.
   */
  resolveInstance(connectorId: string, actor: string, reason: string): number;
  /** Periodic evaluation (alerts.evaluate): staleness of silent instances, expiry, flapping. */
  evaluate(): { markedStale: number; expired: number; flapping: number };
  /** counters.reset: zeroes the daily per-connector counters. */
  resetCounters(): { reset: number };
  /** Drops cached mapping rules (after an admin edit). */
  invalidateMappings(): void;
  onChange(listener: (change: AlertChange) => void): () => void;
}
