import type { Statement } from "better-sqlite3";
import type { MappingSnapshot, NormalizedAlert } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { MappingCache } from "../mappings/snapshot.ts";
import type { Db } from "../store/database.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { DEFAULT_OPEN_LIMIT, IngestBatch } from "./batch.ts";
import { CounterWriter } from "./counters.ts";
import { evaluateAlerts, type EvaluateResult } from "./evaluate.ts";
import { applyPollFailure, applyPollOutcome } from "./poll-outcome.ts";
import { getAlert } from "./queries.ts";
import { cachedPluck } from "../store/statements.ts";
import { AlertStore } from "./store.ts";
import type { AlertChange, AlertRecord, AlertSink, IngestResult, PollOutcome } from "./types.ts";

export interface AlertManagerOptions {
  clock?: Clock;
  /** Consecutive successful snapshots an alert must be absent from before it resolves (default 2). */
  absenceThreshold?: number;
  /** An instance with no successful poll for this many poll intervals has its alerts marked stale (default 3). */
  staleAfterIntervals?: number;
  /** Reopenings of one key within `flapWindowMs` that make it flapping (default 3). */
  flapThreshold?: number;
  /** Default one hour. */
  flapWindowMs?: number;
  /** Unresolved alerts one connector instance may have; problems past it are stored as notices (default 100,000). */
  openLimit?: number;
}

type Listener = (change: AlertChange) => void;

/**
 * Turns normalized alerts and poll outcomes into alert rows (DESIGN §5): fingerprint,
 * dedup, clear, snapshot absence, stale/fresh, connector health alerts, priority and
 * title, with every state change recorded as an `alert_events` row. Each call is one
 * immediate transaction; listeners hear about the changes after it commits.
 */
export class AlertManager implements AlertSink {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #store: AlertStore;
  readonly #counters: CounterWriter;
  readonly #mappings: MappingCache;
  readonly #openLimit: number;
  readonly #listeners = new Set<Listener>();
  readonly #absenceThreshold: number;
  readonly #staleAfterIntervals: number;
  readonly #flapThreshold: number;
  readonly #flapWindowMs: number;
  readonly #statusOf: Statement;

  constructor(db: Db, options: AlertManagerOptions = {}) {
    this.#db = db;
    this.#clock = options.clock ?? systemClock;
    this.#absenceThreshold = Math.max(1, options.absenceThreshold ?? 2);
    this.#staleAfterIntervals = options.staleAfterIntervals ?? 3;
    this.#flapThreshold = Math.max(1, options.flapThreshold ?? 3);
    this.#flapWindowMs = options.flapWindowMs ?? 3_600_000;
    this.#openLimit = Math.max(1, options.openLimit ?? DEFAULT_OPEN_LIMIT);
    this.#store = new AlertStore(db);
    this.#counters = new CounterWriter(db);
    this.#mappings = new MappingCache(db);
    this.#statusOf = cachedPluck(db, "SELECT status FROM alerts WHERE id = ?");
  }

  ingest(connectorId: string, alerts: readonly NormalizedAlert[]): IngestResult {
    return this.#run((batch) => {
      batch.ingestAll(connectorId, alerts);
    }).result;
  }

  ingestPoll(outcome: PollOutcome): IngestResult {
    return this.#run((batch) => {
      const seen = batch.ingestAll(outcome.connectorId, outcome.alerts);
      applyPollOutcome(batch, outcome, seen, this.#absenceThreshold);
    }).result;
  }

  pollFailed(connectorId: string, connectorType: string, error: { code: string; message: string }): IngestResult {
    return this.#run((batch) => {
      applyPollFailure(batch, connectorId, error);
      batch.raiseHealth({ connectorId, connectorType, error, at: batch.at });
    }).result;
  }

  acknowledge(alertId: number, actor: string, note?: string): AlertRecord {
    return this.#changeStatus(alertId, actor, (batch, status, who) => {
      if (status === "acknowledged") return;
      batch.store.acknowledge(alertId, who, batch.at);
      batch.event(alertId, "acknowledged", who, note ? { note } : undefined);
      batch.change("acknowledged", alertId);
    });
  }

  unacknowledge(alertId: number, actor: string): AlertRecord {
    return this.#changeStatus(alertId, actor, (batch, status, who) => {
      if (status === "open") return;
      batch.store.unacknowledge(alertId);
      batch.event(alertId, "unacknowledged", who);
      batch.change("unacknowledged", alertId);
    });
  }

  resolve(alertId: number, actor: string, note?: string): AlertRecord {
    return this.#changeStatus(alertId, actor, (batch, _status, who) => {
      batch.resolve(alertId, who, "manual", note ? { note } : {});
    });
  }

  resolveInstance(connectorId: string, actor: string, reason: string): number {
    return this.#run((batch) => {
      let resolved = 0;
      for (const id of batch.store.unresolvedIdsOf(connectorId)) if (batch.resolve(id, actor, "manual", { reason })) resolved++;
      return resolved;
    }).value;
  }

  evaluate(): EvaluateResult {
    return this.#run((batch) => evaluateAlerts(batch, this.#mappings, {
      staleAfterIntervals: this.#staleAfterIntervals,
      flapThreshold: this.#flapThreshold,
      flapWindowMs: this.#flapWindowMs,
    })).value;
  }

  resetCounters(): { reset: number } {
    const at = new Date(this.#clock.now()).toISOString();
    return { reset: this.#counters.resetAll(at) };
  }

  invalidateMappings(): void {
    this.#mappings.invalidate();
  }

  /** The mapping snapshot a normalizer of `connectorType` is built with (cached like the manager's own rules). */
  mappingSnapshot(connectorType: string): MappingSnapshot {
    return this.#mappings.snapshot(connectorType);
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Runs `work` in one immediate transaction, writes the counters with it, then notifies listeners. */
  #run<T>(work: (batch: IngestBatch) => T): { value: T; result: IngestResult } {
    const batch = new IngestBatch(this.#store, this.#mappings, this.#clock.now(), this.#listeners.size > 0, this.#openLimit);
    const value = this.#store.transaction(() => {
      const value = work(batch);
      batch.flush();
      for (const [connectorId, delta] of batch.counters) this.#counters.add(connectorId, batch.at, delta);
      return value;
    });
    this.#emit(batch.changes);
    return { value, result: batch.result };
  }

  #changeStatus(alertId: number, actor: string,
    apply: (batch: IngestBatch, status: "open" | "acknowledged", who: string) => void): AlertRecord {
    const who = actorName(actor);
    this.#run((batch) => {
      const status = this.#statusOf.get(alertId) as AlertRecord["status"] | undefined;
      if (status === undefined) throw hostError("ALERT_NOT_FOUND", `alert ${alertId} does not exist`, { id: alertId });
      if (status === "resolved") throw hostError("ALERT_ALREADY_RESOLVED", `alert ${alertId} is already resolved`, { id: alertId });
      apply(batch, status, who);
    });
    return getAlert(this.#db, alertId)!;
  }

  #emit(changes: readonly AlertChange[]): void {
    for (const change of changes) {
      for (const listener of this.#listeners) {
        try {
          listener(change);
        } catch (error) {
          // A broken listener (a closed SSE stream) must not fail an ingest that has already committed.
          process.emitWarning(`alert change listener failed: ${(error as Error)?.message ?? String(error)}`);
        }
      }
    }
  }
}

/** Actors are `system`, `connector:<id>` or `user:<name>`; a bare name is a user's. */
export function actorName(actor: string): string {
  const trimmed = actor.trim();
  if (!trimmed) throw hostError("VALIDATION_FAILED", "an actor is required", {});
  return trimmed === "system" || /^(user|connector):./.test(trimmed) ? trimmed : `user:${trimmed}`;
}
