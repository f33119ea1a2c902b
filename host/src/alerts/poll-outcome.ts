import { SYSTEM_ACTOR, type IngestBatch } from "./batch.ts";
import { cachedPluck } from "../store/statements.ts";
import type { InstanceAlertRow } from "./store.ts";
import type { PollOutcome, PollTargetOutcome } from "./types.ts";

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
 * health alerts of the instance and its targets raised or cleared.
 *
 * @param seen ids of the open alerts this poll created or repeated.
 */
export function applyPollOutcome(batch: IngestBatch, outcome: PollOutcome, seen: ReadonlySet<number>, absenceThreshold: number): void {
  const view = targetViewer(outcome.targets);
  for (const alert of batch.store.instanceProblems(outcome.connectorId)) {
    if (seen.has(alert.id)) continue;
    const state = view(alert.target);
    if (state === "failed") {
      if (!alert.stale) batch.markStale(alert.id, { reason: "target failed", target: alert.target });
    } else if (state === "ok") {
      if (alert.stale) batch.markFresh(alert.id, SYSTEM_ACTOR, { reason: "target ok", target: alert.target });
      if (outcome.snapshot) countAbsence(batch, alert, absenceThreshold);
    }
  }
  batch.clearHealth(outcome.connectorId, null);
  let configured: Map<string, TargetLabel> | undefined;
  for (const target of outcome.targets) {
    if (target.ok) {
      batch.clearHealth(outcome.connectorId, target.id);
      continue;
    }
    configured ??= configuredTargets(batch, outcome.connectorId);
    const label = configured.get(target.id);
    const host = target.host ?? label?.host;
    const name = target.name ?? label?.name;
    batch.raiseHealth({
      connectorId: outcome.connectorId,
      connectorType: outcome.connectorType,
      target: { id: target.id, ...(host ? { host } : {}), ...(name ? { name } : {}) },
      error: { ...(target.code ? { code: target.code } : {}), message: target.message ?? "" },
      at: batch.at,
    });
  }
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
