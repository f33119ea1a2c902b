import { join } from "node:path";
import { hostError } from "../errors.ts";
import { backupDatabase, BACKUPS_DIR } from "../store/backup.ts";
import type { Db } from "../store/database.ts";
import { DEFAULT_RETENTION, pruneStore, type RetentionPolicy } from "../store/retention.ts";
import type { Clock } from "../util/clock.ts";
import type { TaskTable } from "./kinds/jobs-run.ts";
import type { Scheduler } from "./scheduler.ts";
import type { JobRecord, JobSpec } from "./types.ts";

export const PRUNE_RUNS_TASK = "scheduler.prune-runs";
export const PRUNE_STORE_TASK = "store.prune";
export const BACKUP_TASK = "store.backup";
export const BACKUP_JOB_KEY = `jobs.run:${BACKUP_TASK}`;

/** Nightly database backups: `keep` of them in `<dataDir>/backups`; keep 0 turns them off. */
export interface BackupPolicy {
  dataDir: string;
  keep: number;
}

/**
 * The host's own jobs: alert evaluation each minute, the daily counter reset at 00:00 UTC, run-history
 * retention and store retention (resolved alerts, metric samples) nightly, and — when backups are
 * kept — a nightly database backup at 02:47, before the pruning. The retention policy and the backup count are the
 * jobs' payloads, so /scheduler/jobs shows what is kept.
 */
function coreJobSpecs(retention: RetentionPolicy, backupKeep: number): JobSpec[] {
  const backup: JobSpec[] = backupKeep > 0
    ? [{ key: BACKUP_JOB_KEY, kind: "jobs.run", owner: "core", cron: "47 2 * * *", payload: { task: BACKUP_TASK, args: { keep: backupKeep }, timeout_s: 3_600 } }]
    : [];
  return [
    { key: "alerts.evaluate", kind: "alerts.evaluate", owner: "core", intervalS: 60 },
    { key: "counters.reset", kind: "counters.reset", owner: "core", cron: "0 0 * * *" },
    { key: `jobs.run:${PRUNE_RUNS_TASK}`, kind: "jobs.run", owner: "core", cron: "17 3 * * *", payload: { task: PRUNE_RUNS_TASK } },
    {
      key: `jobs.run:${PRUNE_STORE_TASK}`, kind: "jobs.run", owner: "core", cron: "37 3 * * *",
      payload: { task: PRUNE_STORE_TASK, args: { alert_days: retention.alertDays, metric_days: retention.metricDays, audit_days: retention.auditDays }, timeout_s: 3_600 },
    },
    ...backup,
  ];
}

/**
 * Registers the scheduler's own tasks and upserts the core jobs (idempotent: call at every boot).
 * Without a backup policy, or with keep 0, the backup job is removed if an earlier boot installed it.
 */
export function installCoreJobs(
  scheduler: Scheduler, tasks: TaskTable, store: { db: Db; clock: Clock; retention?: RetentionPolicy; backup?: BackupPolicy },
): JobRecord[] {
  if (!tasks.resolve(PRUNE_RUNS_TASK)) tasks.register(PRUNE_RUNS_TASK, async () => ({ ...scheduler.pruneRuns() }));
  if (!tasks.resolve(PRUNE_STORE_TASK)) {
    tasks.register(PRUNE_STORE_TASK, async (args, { signal }) => {
      const policy = {
        alertDays: typeof args.alert_days === "number" ? args.alert_days : DEFAULT_RETENTION.alertDays,
        metricDays: typeof args.metric_days === "number" ? args.metric_days : DEFAULT_RETENTION.metricDays,
        auditDays: typeof args.audit_days === "number" ? args.audit_days : DEFAULT_RETENTION.auditDays,
      };
      return { ...(await pruneStore(store.db, policy, store.clock.now(), signal)) };
    });
  }
  const { backup } = store;
  if (backup && !tasks.resolve(BACKUP_TASK)) {
    tasks.register(BACKUP_TASK, async (args, { signal }) => {
      if (typeof args.keep !== "number") throw hostError("VALIDATION_FAILED", `${BACKUP_TASK}: args.keep must be a number`, { args });
      return { ...(await backupDatabase(store.db, join(backup.dataDir, BACKUPS_DIR), { keep: args.keep, now: store.clock.now(), signal })) };
    });
  }
  const backupKeep = backup?.keep ?? 0;
  if (backupKeep === 0) scheduler.remove(BACKUP_JOB_KEY);
  return coreJobSpecs(store.retention ?? DEFAULT_RETENTION, backupKeep).map((spec) => scheduler.upsert(spec));
}
