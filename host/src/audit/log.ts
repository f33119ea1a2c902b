import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";

export interface AuditEntry {
  /** 'user:<name>', 'cli', 'system', or the attempted username of a failed login. */
  actor: string;
  /** What was done, e.g. `POST /api/v1/alerts/:id/acknowledge` or `cli user add`. */
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** How a signed-in user is named as the actor of what they do (audit log, alert history, tombstones). */
export function userActor(username: string): string {
  return `user:${username}`;
}

/** Appends to audit_log: who changed what, from where. Never holds secrets. */
export function writeAudit(db: Db, clock: Clock, entry: AuditEntry): void {
  cachedStatement(db, "INSERT INTO audit_log (at, actor, action, target, details_json, ip) VALUES (?, ?, ?, ?, ?, ?)")
    .run(iso(clock.now()), entry.actor, entry.action, entry.target ?? null, JSON.stringify(entry.details ?? {}), entry.ip ?? null);
}
