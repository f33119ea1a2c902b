import type { NormalizedAlert } from "@opsconductor/sdk";
import type { ConnectorMappings, MappingCache } from "../mappings/snapshot.ts";
import { emptyCounterDelta, type CounterDelta } from "./counters.ts";
import { fingerprinterFor, healthFingerprint } from "./fingerprint.ts";
import { healthAlert, type HealthProblem } from "./health.ts";
import { OPEN_LIMIT_CLEAR_SHARE, openLimitAlert, openLimitFingerprint } from "./open-limit.ts";
import { storedContent, type StoredContent } from "./bounds.ts";
import { decidePriority, type DeviceImpact, type PriorityDecision } from "./priority.ts";
import type { AlertStore, EventKind, NewAlertRow, OpenAlertRow, RepeatUpdate } from "./store.ts";
import { cachedPluck } from "../store/statements.ts";
import { renderTitle } from "./title-template.ts";
import type { AlertChange, AlertKind, IngestResult, Resolution } from "./types.ts";

export const SYSTEM_ACTOR = "system";

/** Unresolved alerts one connector instance may have (see IngestBatch's #mayOpen). */
export const DEFAULT_OPEN_LIMIT = 100_000;

export function connectorActor(connectorId: string): string {
  return `connector:${connectorId}`;
}

export function emptyIngestResult(): IngestResult {
  return {
    received: 0, created: 0, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0,
    resolvedByAbsence: 0, expired: 0, markedStale: 0, markedFresh: 0, healthRaised: 0, healthCleared: 0, truncated: 0, overOpenLimit: 0,
  };
}

/**
 * An alert this batch has touched, held in memory until {@link IngestBatch.flush}:
 * either a new row (`insert`, id 0 until written) or an existing unresolved row with
 * coalesced repeats and possibly its resolution.
 */
interface TrackedAlert {
  id: number;
  connectorId: string;
  kind: AlertKind;
  status: "open" | "acknowledged" | "resolved";
  stale: boolean;
  severity: string;
  priority: string;
  lastSeenAt: string;
  insert?: NewAlertRow;
  repeats: number;
  repeat?: RepeatUpdate;
  resolved?: { actor: string; resolution: Resolution };
}

/** An event or change whose alert may not have an id yet. */
type AlertRef = TrackedAlert | number;

interface PendingEvent { alert: AlertRef; kind: EventKind; actor: string; details: Record<string, unknown> | undefined }

const idOf = (alert: AlertRef): number => (typeof alert === "number" ? alert : alert.id);

/**
 * The work of one transaction, all at one instant (`at`). Alert occurrences are first
 * decided in memory (one bulk lookup of the open fingerprints, repeats coalesced,
 * clears applied) and then written by {@link flush} with multi-row inserts. State
 * changes by id (stale, fresh, resolve) write directly after flushing what is pending.
 * Gathers what the caller reports after commit: the result, counter deltas, changes.
 */
export class IngestBatch {
  readonly store: AlertStore;
  readonly at: string;
  readonly atMs: number;
  readonly result: IngestResult = emptyIngestResult();
  readonly counters = new Map<string, CounterDelta>();
  readonly #mappings: MappingCache;
  readonly #recordChanges: boolean;
  // Device criticality can change between batches, not within one.
  readonly #devices = new Map<string, DeviceImpact | undefined>();
  // fingerprint → the unresolved alert of that key as this batch sees it (null: none).
  #open = new Map<string, TrackedAlert | null>();
  #tracked: TrackedAlert[] = [];
  #events: PendingEvent[] = [];
  #changes: Array<{ kind: AlertChange["kind"]; alert: AlertRef }> = [];
  readonly #openLimit: number;
  // Per instance, alerts this batch opened less those it resolved: not yet in the store's count (until flush).
  #netOpened = new Map<string, number>();
  // Instances that hit their open limit in this batch, with their connector type.
  #atLimit = new Map<string, string>();

  constructor(store: AlertStore, mappings: MappingCache, atMs: number, recordChanges: boolean, openLimit: number) {
    this.store = store;
    this.#mappings = mappings;
    this.#openLimit = openLimit;
    this.atMs = atMs;
    this.at = new Date(atMs).toISOString();
    this.#recordChanges = recordChanges;
  }

  /** The changes for listeners, with their ids (call after the last flush). */
  get changes(): AlertChange[] {
    return this.#changes.map(({ kind, alert }) => ({ kind, alertId: idOf(alert), at: this.at }));
  }

  countersOf(connectorId: string): CounterDelta {
    let delta = this.counters.get(connectorId);
    if (!delta) {
      delta = emptyCounterDelta();
      this.counters.set(connectorId, delta);
    }
    return delta;
  }

  /**
   * Applies a connector instance's alerts in order and writes them; returns the ids of
   * the unresolved alerts they created or repeated (for snapshot bookkeeping).
   */
  ingestAll(connectorId: string, alerts: readonly NormalizedAlert[]): Set<number> {
    const keyed = alerts.map((alert) => {
      const mappings = this.#mappings.get(alert.connector_type);
      return { alert, mappings, fingerprint: fingerprinterFor(mappings.dedup.fields)(alert, connectorId, mappings.snapshot) };
    });
    this.#prefetch(keyed.filter(({ alert }) => alert.role !== "notice").map(({ fingerprint }) => fingerprint));
    this.#prefetchDevices(keyed.filter(({ alert }) => alert.role !== "clear").map(({ alert }) => alert.device_ip));
    const seen: TrackedAlert[] = [];
    for (const { alert, mappings, fingerprint } of keyed) {
      const tracked = this.#ingestOne(connectorId, alert, mappings, fingerprint);
      if (tracked) seen.push(tracked);
    }
    this.#openLimitHealth(connectorId);
    this.flush();
    return new Set(seen.filter((tracked) => tracked.status !== "resolved").map((tracked) => tracked.id));
  }

  /** Opens, or repeats, the health alert of a failed poll or target. */
  raiseHealth(problem: HealthProblem): void {
    const alert = healthAlert({ connectorName: this.#connectorName(problem.connectorId), ...problem });
    const fingerprint = healthFingerprint(problem.connectorId, problem.target?.id ?? null);
    this.#prefetch([fingerprint]);
    const created = this.#raise(problem.connectorId, alert, this.#mappings.get(alert.connector_type), fingerprint, "health", SYSTEM_ACTOR);
    if (created.insert && created.repeats === 0) this.result.healthRaised++;
  }

  /** Resolves the health alert of an instance (`targetId` null) or target, if one is open. */
  clearHealth(connectorId: string, targetId: string | null): void {
    const fingerprint = healthFingerprint(connectorId, targetId);
    this.#prefetch([fingerprint]);
    const open = this.#open.get(fingerprint);
    if (!open) return;
    this.#resolveTracked(fingerprint, open, SYSTEM_ACTOR, "clear", { reason: "poll succeeded" });
    this.result.healthCleared++;
  }

  /** Resolves an alert by id; false if it was already resolved. */
  resolve(alertId: number, actor: string, resolution: Resolution, details: Record<string, unknown> = {}): boolean {
    this.flush();
    if (!this.store.resolve(alertId, actor, this.at, resolution)) return false;
    this.event(alertId, "resolved", actor, { resolution, ...details });
    this.change("resolved", alertId);
    return true;
  }

  markStale(alertId: number, details: Record<string, unknown>): void {
    this.flush();
    this.store.setStale(alertId, true);
    this.event(alertId, "stale", SYSTEM_ACTOR, details);
    this.result.markedStale++;
    this.change("stale", alertId);
  }

  markFresh(alertId: number, actor: string, details: Record<string, unknown>): void {
    this.flush();
    this.store.setStale(alertId, false);
    this.event(alertId, "fresh", actor, details);
    this.result.markedFresh++;
    this.change("fresh", alertId);
  }

  event(alert: AlertRef, kind: EventKind, actor: string, details?: Record<string, unknown>): void {
    this.#events.push({ alert, kind, actor, details });
  }

  change(kind: AlertChange["kind"], alert: AlertRef): void {
    if (this.#recordChanges) this.#changes.push({ kind, alert });
  }

  /**
   * Writes what was decided in memory: repeats and resolutions of existing rows first (an
   * expired or cleared row must be resolved before its successor is inserted: the store
   * refuses a second unresolved alert for a fingerprint), then new rows, then events.
   * Afterwards the database is again the only truth, so the in-memory view is dropped.
   */
  flush(): void {
    const inserts: TrackedAlert[] = [];
    // Resolutions by actor and resolution: one statement each (clears, expiries, ...).
    const resolutions = new Map<string, { actor: string; resolution: Resolution; ids: number[] }>();
    for (const tracked of this.#tracked) {
      if (tracked.insert) {
        inserts.push(tracked);
        continue;
      }
      if (tracked.repeat) this.store.repeat(tracked.id, tracked.repeats, tracked.repeat);
      if (tracked.resolved) {
        const { actor, resolution } = tracked.resolved;
        const key = `${resolution}\u0000${actor}`;
        let group = resolutions.get(key);
        if (!group) resolutions.set(key, (group = { actor, resolution, ids: [] }));
        group.ids.push(tracked.id);
      }
    }
    for (const { actor, resolution, ids } of resolutions.values()) this.store.resolveAll(ids, actor, this.at, resolution);
    if (inserts.length > 0) {
      const ids = this.store.insertAlerts(inserts.map((tracked) => tracked.insert!));
      inserts.forEach((tracked, i) => {
        tracked.id = ids[i]!;
        delete tracked.insert;
      });
    }
    if (this.#events.length > 0) {
      this.store.insertEvents(this.#events.map(({ alert, kind, actor, details }) => ({
        alert_id: idOf(alert), at: this.at, kind, actor, details_json: details ? JSON.stringify(details) : "{}",
      })));
    }
    this.#open = new Map();
    this.#netOpened = new Map();
    this.#tracked = [];
    this.#events = [];
  }

  #ingestOne(connectorId: string, alert: NormalizedAlert, mappings: ConnectorMappings, fingerprint: string): TrackedAlert | undefined {
    const counters = this.countersOf(connectorId);
    this.result.received++;
    counters.received++;
    const actor = connectorActor(connectorId);
    if (alert.role === "clear") {
      const open = this.#open.get(fingerprint);
      if (!open) {
        this.result.droppedClears++;
        counters.dropped_clears++;
        return undefined;
      }
      this.#resolveTracked(fingerprint, open, actor, "clear", { alert_type: alert.alert_type });
      this.result.resolved++;
      counters.resolved++;
      return undefined;
    }
    if (alert.role === "notice") {
      this.#create(connectorId, alert, mappings, fingerprint, "notice", actor);
      this.result.notices++;
      counters.notices++;
      return undefined;
    }
    const tracked = this.#raise(connectorId, alert, mappings, fingerprint, "problem", actor);
    if (tracked.insert?.kind === "notice") {
      // Over the instance's open limit: kept as history, counted as a notice (see #create).
      counters.notices++;
    } else if (tracked.insert && tracked.repeats === 0) {
      this.result.created++;
      counters.created++;
    } else {
      this.result.deduplicated++;
      counters.deduplicated++;
    }
    return tracked;
  }

  /** Looks up, in one query, the open alerts of the fingerprints this batch does not know yet. */
  #prefetch(fingerprints: readonly string[]): void {
    const unknown = [...new Set(fingerprints.filter((fingerprint) => !this.#open.has(fingerprint)))];
    for (const fingerprint of unknown) this.#open.set(fingerprint, null);
    for (const row of this.store.findOpen(unknown)) this.#open.set(row.fingerprint, this.#track(row));
  }

  #prefetchDevices(ips: readonly string[]): void {
    const unknown = [...new Set(ips.filter((ip) => ip && !this.#devices.has(ip)))];
    const found = this.store.devicesByIp(unknown);
    for (const ip of unknown) this.#devices.set(ip, found.get(ip));
  }

  #track(row: OpenAlertRow): TrackedAlert {
    const tracked: TrackedAlert = {
      id: row.id, connectorId: row.connector_id, kind: row.kind, status: row.status, stale: row.stale === 1, severity: row.severity, priority: row.priority,
      lastSeenAt: row.last_seen_at, repeats: 0,
    };
    this.#tracked.push(tracked);
    return tracked;
  }

  /**
   * A problem (or health) occurrence: repeats the open alert of its fingerprint, or
   * opens a new one. An open alert silent for longer than the dedup window expires
   * first, so the occurrence starts a new incident (see {@link isExpired}).
   */
  #raise(connectorId: string, alert: NormalizedAlert, mappings: ConnectorMappings, fingerprint: string,
    kind: AlertKind, actor: string): TrackedAlert {
    const open = this.#open.get(fingerprint);
    if (open && isExpired(open, mappings.dedup.windowS, this.atMs)) {
      this.#resolveTracked(fingerprint, open, SYSTEM_ACTOR, "expired", { window_s: mappings.dedup.windowS, last_seen_at: open.lastSeenAt });
      this.result.expired++;
    } else if (open) {
      this.#repeat(open, alert, mappings, actor);
      return open;
    }
    return this.#create(connectorId, alert, mappings, fingerprint, kind, actor);
  }

  #create(connectorId: string, alert: NormalizedAlert, mappings: ConnectorMappings, fingerprint: string,
    kind: AlertKind, actor: string): TrackedAlert {
    const { priority, reason } = this.#priority(alert, mappings);
    const content = this.#content(alert, mappings);
    const overLimit = kind === "problem" && !this.#mayOpen(connectorId);
    if (overLimit) {
      this.result.overOpenLimit++;
      this.#atLimit.set(connectorId, alert.connector_type);
      // Recorded once as a notice; its repeats are counted, not recorded again.
      if (this.store.overLimit.wasOverLimit(fingerprint)) return this.#overLimitRepeat(connectorId, alert);
      this.store.overLimit.noteOverLimit(fingerprint);
      kind = "notice";
    } else if (kind === "problem") {
      this.store.overLimit.forgetOverLimit(fingerprint);
    }
    const isNotice = kind === "notice";
    if (kind === "problem") this.#addOpened(connectorId, 1);
    const tracked: TrackedAlert = {
      id: 0,
      connectorId,
      kind,
      // A notice has no life cycle: it is history from the start.
      status: isNotice ? "resolved" : "open",
      stale: false,
      severity: alert.severity,
      priority,
      lastSeenAt: this.at,
      repeats: 0,
      insert: {
        fingerprint,
        connector_id: connectorId,
        connector_type: alert.connector_type,
        target: alert.target ?? null,
        alert_type: alert.alert_type,
        kind,
        status: isNotice ? "resolved" : "open",
        severity: alert.severity,
        category: alert.category,
        priority,
        priority_reason: reason,
        device_ip: alert.device_ip,
        device_name: alert.device_name,
        resource: alert.resource || null,
        title: content.title,
        message: content.message,
        metrics_json: content.metrics_json,
        raw_json: content.raw_json,
        occurrence_count: 1,
        first_seen_at: this.at,
        last_seen_at: this.at,
        event_time: alert.timestamp,
        resolved_by: isNotice ? actor : null,
        resolved_at: isNotice ? this.at : null,
        resolution: null,
      },
    };
    this.#tracked.push(tracked);
    if (!isNotice) this.#open.set(fingerprint, tracked);
    const cut = { ...(content.truncated && { truncated: content.truncated }), ...(overLimit && { over_open_limit: this.#openLimit }) };
    this.event(tracked, "created", actor, isNotice ? { severity: alert.severity, notice: true, ...cut } : { severity: alert.severity, priority, ...cut });
    this.change("created", tracked);
    return tracked;
  }

  #repeat(open: TrackedAlert, alert: NormalizedAlert, mappings: ConnectorMappings, actor: string): void {
    const { priority, reason } = this.#priority(alert, mappings);
    const content = this.#content(alert, mappings);
    const update: RepeatUpdate = {
      alert_type: alert.alert_type,
      severity: alert.severity,
      category: alert.category,
      priority,
      priority_reason: reason,
      device_name: alert.device_name,
      title: content.title,
      message: content.message,
      metrics_json: content.metrics_json,
      raw_json: content.raw_json,
      last_seen_at: this.at,
      event_time: alert.timestamp,
    };
    open.repeats++;
    if (open.insert) {
      Object.assign(open.insert, update);
      open.insert.occurrence_count++;
    } else {
      open.repeat = update;
    }
    if (open.severity !== alert.severity) {
      const priorityFrom = open.priority !== priority ? { priority_from: open.priority } : {};
      this.event(open, "severity_changed", actor, { from: open.severity, to: alert.severity, priority, ...priorityFrom });
    } else if (open.priority !== priority) {
      // Priority also follows the device's criticality and the rules, which change without the alert.
      this.event(open, "priority_changed", actor, { from: open.priority, to: priority, reason });
    }
    open.severity = alert.severity;
    open.priority = priority;
    if (open.stale) {
      this.event(open, "fresh", actor, { reason: "seen again" });
      this.result.markedFresh++;
      open.stale = false;
    }
    open.lastSeenAt = this.at;
    this.change("updated", open);
  }

  #resolveTracked(fingerprint: string, open: TrackedAlert, actor: string, resolution: Resolution, details: Record<string, unknown>): void {
    if (open.kind === "problem") this.#addOpened(open.connectorId, -1);
    open.status = "resolved";
    if (open.insert) {
      Object.assign(open.insert, { status: "resolved", resolved_by: actor, resolved_at: this.at, resolution });
    } else {
      open.resolved = { actor, resolution };
    }
    this.#open.set(fingerprint, null);
    this.event(open, "resolved", actor, { resolution, ...details });
    this.change("resolved", open);
  }

  /**
   * Whether an instance may open one more problem: at most `openLimit` unresolved alerts each.
   * Open alerts are held in memory (OpenFingerprints); a source that makes a new key of every
   * event (a timestamp in its resource, say) would otherwise grow the daemon until it ran out
   * of memory, and again at every restart. A problem over the limit is stored already resolved,
   * as a notice naming the limit (once per key: its repeats are counted, not stored again), so
   * its history is kept and nothing more is held.
   */
  #mayOpen(connectorId: string): boolean {
    return this.store.openCountOf(connectorId) + (this.#netOpened.get(connectorId) ?? 0) < this.#openLimit;
  }

  /**
   * Raises (or repeats, once per batch) the instance's open-limit health alert when this batch
   * hit the limit; resolves it once the instance is back under OPEN_LIMIT_CLEAR_SHARE of it.
   */
  #openLimitHealth(connectorId: string): void {
    const fingerprint = openLimitFingerprint(connectorId);
    const connectorType = this.#atLimit.get(connectorId);
    this.#prefetch([fingerprint]);
    const open = this.#open.get(fingerprint);
    if (connectorType !== undefined) {
      this.#atLimit.delete(connectorId);
      const alert = openLimitAlert(connectorId, this.#connectorName(connectorId), connectorType, this.#openLimit, this.at);
      const raised = this.#raise(connectorId, alert, this.#mappings.get(connectorType), fingerprint, "health", SYSTEM_ACTOR);
      if (raised.insert && raised.repeats === 0) this.result.healthRaised++;
      return;
    }
    if (!open) return;
    const held = this.store.openCountOf(connectorId) + (this.#netOpened.get(connectorId) ?? 0);
    if (held >= OPEN_LIMIT_CLEAR_SHARE * this.#openLimit) return;
    this.#resolveTracked(fingerprint, open, SYSTEM_ACTOR, "clear", { reason: "under the open-alert limit again", open_alerts: held });
    this.result.healthCleared++;
  }

  /** The instance's name for its health alerts (raised rarely: one indexed read each). */
  #connectorName(connectorId: string): string | undefined {
    return cachedPluck(this.store.db, "SELECT name FROM connectors WHERE id = ?").get(connectorId) as string | undefined;
  }

  #addOpened(connectorId: string, delta: number): void {
    this.#netOpened.set(connectorId, (this.#netOpened.get(connectorId) ?? 0) + delta);
  }

  /** An over-the-limit repeat: counted as a repeat of the notice that recorded its key, nothing written. */
  #overLimitRepeat(connectorId: string, alert: NormalizedAlert): TrackedAlert {
    return { id: 0, connectorId, kind: "notice", status: "resolved", stale: false, severity: alert.severity, priority: "", lastSeenAt: this.at, repeats: 1 };
  }

  /** The alert's title (its type's template, if any), message, metrics and raw event as stored, within ALERT_LIMITS. */
  #content(alert: NormalizedAlert, mappings: ConnectorMappings): StoredContent {
    const template = mappings.templates.get(alert.alert_type);
    const content = storedContent(template ? renderTitle(template.titleTemplate, alert) : alert.title, alert.message, alert.metrics, alert.raw);
    if (content.truncated) this.result.truncated++;
    return content;
  }

  #priority(alert: NormalizedAlert, mappings: ConnectorMappings): PriorityDecision {
    return decidePriority({
      severity: alert.severity,
      deviceIp: alert.device_ip,
      device: this.#device(alert.device_ip),
      templateUrgency: mappings.templates.get(alert.alert_type)?.urgency ?? null,
      alertType: alert.alert_type,
      priorities: mappings.priorities,
    });
  }

  #device(ip: string): DeviceImpact | undefined {
    if (!ip) return undefined;
    if (!this.#devices.has(ip)) this.#prefetchDevices([ip]);
    return this.#devices.get(ip);
  }
}

/**
 * The dedup window is the longest silence that keeps an open alert alive. An alert
 * expires when it is open (not acknowledged: a person owns it), not stale (we could
 * not see the source, so silence means nothing) and not seen for longer than the
 * window. A window of 0 never expires.
 */
export function isExpired(alert: { status: string; stale: boolean | 0 | 1; lastSeenAt: string }, windowS: number, nowMs: number): boolean {
  return windowS > 0 && alert.status === "open" && !alert.stale && nowMs - instantMs(alert.lastSeenAt) > windowS * 1000;
}

// The alerts a batch repeats were mostly last seen at one instant (the previous batch's):
// remembering the last instant parsed spares a Date.parse per repeat.
let lastInstant = { text: "", ms: Number.NaN };

function instantMs(text: string): number {
  if (text !== lastInstant.text) lastInstant = { text, ms: Date.parse(text) };
  return lastInstant.ms;
}
