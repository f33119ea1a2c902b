import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";

/** A `connectors` row as stored (secrets still encrypted). */
export interface ConnectorRow {
  id: string;
  addon_id: string;
  name: string;
  config_json: string;
  secrets_enc: string | null;
  enabled: number;
  poll_interval_s: number;
  status: string;
  status_code: string | null;
  status_message: string | null;
  last_poll_at: string | null;
  last_success_at: string | null;
  consecutive_failures: number;
  webhook_token_hash: string | null;
  created_at: string;
  updated_at: string;
}

export function getConnectorRow(db: Db, id: string): ConnectorRow | undefined {
  // Every webhook delivery and poll reads it.
  return cachedStatement(db, "SELECT * FROM connectors WHERE id = ?").get(id) as ConnectorRow | undefined;
}

export function listConnectorRows(db: Db, filter: { addonId?: string } = {}): ConnectorRow[] {
  if (filter.addonId !== undefined) {
    return db.prepare("SELECT * FROM connectors WHERE addon_id = ? ORDER BY name, id").all(filter.addonId) as ConnectorRow[];
  }
  return db.prepare("SELECT * FROM connectors ORDER BY name, id").all() as ConnectorRow[];
}

/** What a create or an update writes. */
export interface ConnectorWrite {
  name: string;
  configJson: string;
  secretsEnc: string | null;
  enabled: boolean;
  pollIntervalS: number;
}

export function insertConnectorRow(db: Db, id: string, addonId: string, write: ConnectorWrite & { webhookTokenHash: string | null }, at: string): void {
  db.prepare(`INSERT INTO connectors (id, addon_id, name, config_json, secrets_enc, enabled, poll_interval_s, status, webhook_token_hash,
      created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, addonId, write.name, write.configJson, write.secretsEnc, write.enabled ? 1 : 0, write.pollIntervalS,
      write.enabled ? "new" : "disabled", write.webhookTokenHash, at, at);
}

/**
 * Writes an edit. One that `startsOver` (a new configuration, enabled or disabled) clears the status:
 * 'new' (or 'disabled'), no failure streak. A rename or a new interval keeps it: a failing connector
 * renamed is still failing.
 */
export function updateConnectorRow(db: Db, id: string, write: ConnectorWrite, at: string, startsOver: boolean): void {
  db.prepare(`UPDATE connectors SET name = @name, config_json = @configJson, secrets_enc = @secretsEnc, enabled = @enabled,
      poll_interval_s = @pollIntervalS, updated_at = @at,
      status = CASE WHEN @startsOver THEN @freshStatus ELSE status END,
      status_code = CASE WHEN @startsOver THEN NULL ELSE status_code END,
      status_message = CASE WHEN @startsOver THEN NULL ELSE status_message END,
      consecutive_failures = CASE WHEN @startsOver THEN 0 ELSE consecutive_failures END
    WHERE id = @id`)
    .run({ ...write, enabled: write.enabled ? 1 : 0, at, id, startsOver: startsOver ? 1 : 0, freshStatus: write.enabled ? "new" : "disabled" });
}

export function setWebhookTokenHash(db: Db, id: string, hash: string, at: string): void {
  db.prepare("UPDATE connectors SET webhook_token_hash = ?, updated_at = ? WHERE id = ?").run(hash, at, id);
}

/** The connector could not start (bad config, the addon's constructor threw): shown as failing with the code. */
export function recordConnectorStartFailure(db: Db, id: string, problem: { code: string; message: string }, at: string): void {
  db.prepare("UPDATE connectors SET status = 'failing', status_code = ?, status_message = ?, updated_at = ? WHERE id = ?")
    .run(problem.code, problem.message, at, id);
}

/** `?connectors=keep` on uninstall: the instances stay, disabled, for a later reinstall. */
export function disableConnectorsOf(db: Db, addonId: string, at: string): void {
  db.prepare("UPDATE connectors SET enabled = 0, status = 'disabled', updated_at = ? WHERE addon_id = ? AND enabled = 1").run(at, addonId);
}

export function deleteConnectorRow(db: Db, id: string): boolean {
  return db.prepare("DELETE FROM connectors WHERE id = ?").run(id).changes > 0;
}

export function deleteConnectorsOf(db: Db, addonId: string): string[] {
  const ids = (db.prepare("SELECT id FROM connectors WHERE addon_id = ?").all(addonId) as Array<{ id: string }>).map((row) => row.id);
  db.prepare("DELETE FROM connectors WHERE addon_id = ?").run(addonId);
  return ids;
}
