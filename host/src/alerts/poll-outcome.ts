import { SYSTEM_ACTOR, type IngestBatch } from "./batch.ts";
import { cachedPluck } from "../store/statements.ts";
import type { InstanceAlertRow } from "./store.ts";
import type { HealthProblem } from "./health.ts";
import type { PollOutcome, PollTargetOutcome, RefusedEvents } from "./types.ts";

/** How a poll saw the target of one alert. */
type TargetView = "ok" | "failed" | "unknown";

/**
 * What a poll says about each target. An alert without a target belongs to the whole
 * instance, which counts as ok only when no target failed. An alert whose target the
 * poll did not report (removed from the config, say) is left alone. A poll listing no
 * targets at all speaks for the whole instance.
 */
export function targetViewer(targets: readonly PollTargetOutcome[]): (target: string | null) => TargetView {
  if (targets.length === 0) return () => "ok";
  const outcome = new Map(targets.map((t) => [t.id, t.ok]));
  const anyFailed = targets.some((t) => !t.ok);
  return (target) => {
    if (target === null) return anyFailed ? "unknown" : "ok";
    const ok = outcome.get(target);
    return ok === undefined ? "unknown" : ok ? "ok" : "failed";
  };
}

/**
 * After a poll's alerts are ingested: stale for the alerts of failed targets, fresh
 * for stale alerts of ok targets, resolve-by-absence for a snapshot (after
 * `absenceThreshold` consecutive successful snapshots without the alert), and the
 * health alerts of the instance and its targets raised or cleared. Refused events (see
 * RefusedEvents) suspend absence for their target, or for the whole instance when they
 * name none of the targets the poll reported, and keep a health alert open meanwhile.
 *
 * @param seen ids of the open alerts this poll created or repeated.
 */
export function applyPollOutcome(batch: IngestBatch, outcome: PollOutcome, seen: ReadonlySet<number>, absenceThreshold: number): void {
  const view = targetViewer(outcome.targets);
  const refused = refusedByReportedTarget(outcome);
  const countsAbsence = outcome.snapshot && !refused.has(null);
  for (const alert of batch.store.instanceProblems(outcome.connectorId)) {
    if (seen.has(alert.id)) continue;
    const state = view(alert.target);
    if (state === "failed") {
      if (!alert.stale) batch.markStale(alert.id, { reason: "target failed", target: alert.target });
    } else if (state === "ok") {
      if (alert.stale) batch.markFresh(alert.id, SYSTEM_ACTOR, { reason: "target ok", target: alert.target });
      if (countsAbsence && (alert.target === null || !refused.has(alert.target))) countAbsence(batch, alert, absenceThreshold);
    }
  }
  const refusedHere = refused.get(null);
  if (refusedHere) batch.raiseHealth(refusedHealth(batch, outcome, refusedHere));
  else batch.clearHealth(outcome.connectorId, null);
  let configured: Map<string, TargetLabel> | undefined;
  for (const target of outcome.targets) {
    const refusedThere = target.ok ? refused.get(target.id) : undefined;
    if (target.ok && !refusedThere) {
      batch.clearHealth(outcome.connectorId, target.id);
      continue;
    }
    configured ??= configuredTargets(batch, outcome.connectorId);
    const label = configured.get(target.id);
    const host = target.host ?? label?.host;
    const name = target.name ?? label?.name;
    const labelled = { id: target.id, ...(host ? { host } : {}), ...(name ? { name } : {}) };
    if (refusedThere) {
      batch.raiseHealth({ ...refusedHealth(batch, outcome, refusedThere), target: labelled });
      continue;
    }
    batch.raiseHealth({
      connectorId: outcome.connectorId,
      connectorType: outcome.connectorType,
      target: labelled,
      error: { ...(target.code ? { code: target.code } : {}), message: target.message ?? "" },
      at: batch.at,
    });
  }
}

/**
 * The poll's refused events by the target they name, among the targets it reported; those
 * naming another target (or none) count for the instance (key null), whose health alert a
 * later poll clears, where an unreported target's might stay open for good.
 */
function refusedByReportedTarget(outcome: PollOutcome): ReadonlyMap<string | null, RefusedEvents> {
  if (outcome.refused === undefined || outcome.refused.length === 0) return NONE_REFUSED;
  const reported = new Set(outcome.targets.map((target) => target.id));
  const refused = new Map<string | null, RefusedEvents>();
  for (const group of outcome.refused ?? []) {
    const key = group.target !== null && reported.has(group.target) ? group.target : null;
    const known = refused.get(key);
    refused.set(key, known ? { ...known, count: known.count + group.count } : { ...group, target: key });
  }
  return refused;
}

const NONE_REFUSED: ReadonlyMap<string | null, RefusedEvents> = new Map();

function refusedHealth(batch: IngestBatch, outcome: PollOutcome, refused: RefusedEvents): HealthProblem {
  return {
    connectorId: outcome.connectorId,
    connectorType: outcome.connectorType,
    health: "CONNECTOR_EVENTS_REFUSED",
    error: { code: refused.first.code, message: `${eventsBroughtNoAlert(refused.count, "of the poll")}; the first: ${refused.first.message}` },
    at: batch.at,
  };
}

/**
 * "3 events brought no alert" ("1 event of the poll brought no alert" with `qualifier`): the
 * wording of refused events in the health alert here and in the connector's status message.
 */
export function eventsBroughtNoAlert(count: number, qualifier?: string): string {
  const events = count === 1 ? "1 event" : `${count} events`;
  return `${qualifier === undefined ? events : `${events} ${qualifier}`} brought no alert`;
}

interface TargetLabel { host?: string; name?: string }

/** Host and name of the instance's configured targets (`config.targets: [{id, host, name}]`), to label health alerts. */
function configuredTargets(batch: IngestBatch, connectorId: string): Map<string, TargetLabel> {
  const labels = new Map<string, TargetLabel>();
  const json = cachedPluck(batch.store.db, "SELECT config_json FROM connectors WHERE id = ?").get(connectorId);
  if (typeof json !== "string") return labels;
  let targets: unknown;
  try {
    targets = (JSON.parse(json) as { targets?: unknown }).targets;
  } catch {
    return labels;
  }
  if (!Array.isArray(targets)) return labels;
  for (const target of targets as Array<Record<string, unknown>>) {
    if (typeof target?.id !== "string") continue;
    labels.set(target.id, {
      ...(typeof target.host === "string" ? { host: target.host } : {}),
      ...(typeof target.name === "string" ? { name: target.name } : {}),
    });
  }
  return labels;
}

function countAbsence(batch: IngestBatch, alert: InstanceAlertRow, absenceThreshold: number): void {
  const absentPolls = alert.absent_polls + 1;
  batch.store.setAbsentPolls(alert.id, absentPolls);
  if (absentPolls >= absenceThreshold && batch.resolve(alert.id, SYSTEM_ACTOR, "absence", { absent_polls: absentPolls })) {
    batch.result.resolvedByAbsence++;
  }
}

/** A whole poll failed: every unresolved problem of the instance goes stale (never resolved). */
export function applyPollFailure(batch: IngestBatch, connectorId: string, error: { code: string; message: string }): void {
  for (const alert of batch.store.instanceProblems(connectorId)) {
    if (!alert.stale) batch.markStale(alert.id, { reason: "poll failed", code: error.code });
  }
}
