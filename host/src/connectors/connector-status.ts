import type { ErrorData, TargetOutcome } from "@opsconductor/sdk";
import { eventsBroughtNoAlert } from "../alerts/poll-outcome.ts";
import type { Db } from "../store/database.ts";

/** The connector row's fields a poll reads. */
export interface PolledConnector {
  id: string;
  addon_id: string;
  enabled: boolean;
}

export function loadPolledConnector(db: Db, connectorId: string): PolledConnector | undefined {
  const row = db.prepare("SELECT id, addon_id, enabled FROM connectors WHERE id = ?").get(connectorId) as
    { id: string; addon_id: string; enabled: number } | undefined;
  return row && { id: row.id, addon_id: row.addon_id, enabled: row.enabled === 1 };
}

/**
 * A push connector (webhooks, traps) took its first message: 'new' becomes 'ok'. It has no polls
 * to say so, and showed 'new' for ever. Its later messages change nothing here (one indexed
 * lookup each); staleness and poll times stay the polls' business.
 */
export function recordFirstPush(db: Db, connectorId: string): void {
  db.prepare("UPDATE connectors SET status = 'ok', status_code = NULL, status_message = NULL WHERE id = ? AND status = 'new'").run(connectorId);
}

/**
 * A poll came back: the connector is 'ok' and its failure streak ends. When some targets failed the
 * status stays 'ok' (the poll worked) but carries the first failed target's code and a summary;
 * else, when some events brought no alert, the first one's code and how many.
 */
export function recordPollSuccess(
  db: Db, connectorId: string, targets: readonly TargetOutcome[], at: string, refused?: { count: number; first: ErrorData },
): void {
  const first = targets.find((target) => !target.ok);
  let code = first?.code ?? null;
  let message = first ? failedTargetsSummary(targets) : null;
  if (!first && refused) {
    code = refused.first.code;
    message = `${eventsBroughtNoAlert(refused.count)}; ${refused.first.message}`;
  }
  db.transaction(() => {
    const updated = db.prepare(`UPDATE connectors SET status = 'ok', status_code = ?, status_message = ?,
      last_poll_at = ?, last_success_at = ?, consecutive_failures = 0 WHERE id = ?`)
      .run(code, message, at, at, connectorId).changes;
    if (updated > 0) countPoll(db, connectorId, at, false);
  })();
}

/** "2 of 3 targets failed; fw1: timed out": how many failed, and the first one's reason. */
export function failedTargetsSummary(targets: readonly TargetOutcome[]): string {
  const failed = targets.filter((target) => !target.ok);
  const first = failed[0];
  if (!first) return `all ${targets.length} targets ok`;
  return `${failed.length} of ${targets.length} targets failed; ${first.id}: ${first.message ?? first.code ?? "failed"}`;
}

/** The whole poll failed: the connector is 'failing' with the error's code, one more failure in a row. */
export function recordPollFailure(db: Db, connectorId: string, error: ErrorData, at: string): void {
  db.transaction(() => {
    const updated = db.prepare(`UPDATE connectors SET status = 'failing', status_code = ?, status_message = ?,
      last_poll_at = ?, consecutive_failures = consecutive_failures + 1 WHERE id = ?`)
      .run(error.code, error.message, at, connectorId).changes;
    if (updated > 0) countPoll(db, connectorId, at, true);
  })();
}

/** Bumps the daily polls / poll_failures counters, creating the row on the connector's first poll. */
function countPoll(db: Db, connectorId: string, at: string, failed: boolean): void {
  db.prepare(`INSERT INTO connector_counters (connector_id, since, polls, poll_failures) VALUES (?, ?, 1, ?)
    ON CONFLICT (connector_id) DO UPDATE SET polls = polls + 1, poll_failures = poll_failures + excluded.poll_failures`)
    .run(connectorId, at, failed ? 1 : 0);
}
