import type { Db } from "../store/database.ts";
import { syncJobsOfKind, type JobScheduler, type SyncResult } from "./job-sync.ts";

export function connectorPollKey(connectorId: string): string {
  return `connector.poll:${connectorId}`;
}

/**
 * Keeps one connector.poll job per pollable connector instance — enabled, of an enabled addon that
 * is loaded (status 'active': never a refused or failed one) and declares the `polling` capability
 * (a webhook-only addon gets no empty polls) — every `poll_interval_s` (default 60), and removes the
 * jobs of all others. The job is owned by the addon ('addon:<id>'): the per-owner cap is then the per-addon poll
 * cap, and uninstalling the addon (`removeByOwner`) removes its polls. Call at boot and after any
 * change to connectors or addons.
 */
export function syncConnectorJobs(db: Db, scheduler: JobScheduler): SyncResult {
  const connectors = db.prepare(`SELECT c.id, c.addon_id, c.poll_interval_s FROM connectors c
    JOIN installed_addons a ON a.id = c.addon_id
    WHERE c.enabled = 1 AND a.enabled = 1 AND a.status = 'active'
      AND EXISTS (SELECT 1 FROM json_each(a.manifest_json, '$.capabilities') WHERE value = 'polling')
    ORDER BY c.id`).all() as Array<{ id: string; addon_id: string; poll_interval_s: number }>;
  return syncJobsOfKind(scheduler, "connector.poll", connectors.map((connector) => ({
    key: connectorPollKey(connector.id),
    kind: "connector.poll",
    owner: `addon:${connector.addon_id}`,
    intervalS: connector.poll_interval_s > 0 ? connector.poll_interval_s : 60,
    payload: { connector_id: connector.id },
  })));
}
