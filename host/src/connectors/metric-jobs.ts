import type { Db } from "../store/database.ts";
import { syncJobsOfKind, type JobScheduler, type SyncResult } from "./job-sync.ts";

export function metricsPollKey(pollingConfigId: number): string {
  return `metrics.poll:${pollingConfigId}`;
}

/**
 * Keeps one metrics.poll job per enabled `polling_configs` row, every `interval_s` (default 30),
 * owned by 'core'; removes the jobs of deleted or disabled rows. Call at boot and after edits.
 */
export function syncMetricJobs(db: Db, scheduler: JobScheduler): SyncResult {
  const configs = db.prepare("SELECT id, interval_s FROM polling_configs WHERE enabled = 1 ORDER BY id")
    .all() as Array<{ id: number; interval_s: number }>;
  return syncJobsOfKind(scheduler, "metrics.poll", configs.map((config) => ({
    key: metricsPollKey(config.id),
    kind: "metrics.poll",
    owner: "core",
    intervalS: config.interval_s > 0 ? config.interval_s : 30,
    payload: { polling_config_id: config.id },
  })));
}
