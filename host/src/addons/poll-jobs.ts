import { connectorPollKey } from "../connectors/connector-jobs.ts";
import { syncJobsOfKind, type JobScheduler, type SyncResult } from "../connectors/job-sync.ts";
import type { Db } from "../store/database.ts";
import { addonOwner } from "./schedules.ts";

/**
 * connectors/connector-jobs.ts `syncConnectorJobs`, narrowed to what can actually poll:
 * the addon must also be loaded (status 'active', so never a refused or failed one) and
 * declare the `polling` capability (a webhook-only addon gets no empty polls). Same keys,
 * owner ('addon:<id>') and payload, so both agree on what a job is.
 */
export function syncPollJobs(db: Db, scheduler: JobScheduler): SyncResult {
  const connectors = db.prepare(`SELECT c.id, c.addon_id, c.poll_interval_s FROM connectors c
    JOIN installed_addons a ON a.id = c.addon_id
    WHERE c.enabled = 1 AND a.enabled = 1 AND a.status = 'active'
      AND EXISTS (SELECT 1 FROM json_each(a.manifest_json, '$.capabilities') WHERE value = 'polling')
    ORDER BY c.id`).all() as Array<{ id: string; addon_id: string; poll_interval_s: number }>;
  return syncJobsOfKind(scheduler, "connector.poll", connectors.map((connector) => ({
    key: connectorPollKey(connector.id),
    kind: "connector.poll",
    owner: addonOwner(connector.addon_id),
    intervalS: connector.poll_interval_s > 0 ? connector.poll_interval_s : 60,
    payload: { connector_id: connector.id },
  })));
}
