import type { Db } from "../store/database.ts";
import { DEFAULT_RETENTION, pruneStore, type RetentionPolicy } from "../store/retention.ts";
import type { Clock } from "../util/clock.ts";
import type { TaskTable } from "./kinds/jobs-run.ts";
import type { Scheduler } from "./scheduler.ts";
import type { JobRecord, JobSpec } from "./types.ts";

export const PRUNE_RUNS_TASK = "scheduler.prune-runs";
export const PRUNE_STORE_TASK = "store.prune";

/**
 * The host's own jobs: alert evaluation each minute, the daily counter reset at 00:00 UTC, run-history
 * retention and store retention (resolved alerts, metric samples) nightly. The retention policy is the
 * store job's payload, so /scheduler/jobs shows what is kept.
 */
export function coreJobSpecs(retention: RetentionPolicy = DEFAULT_RETENTION): JobSpec[] {
  return [
    { key: "alerts.evaluate", kind: "alerts.evaluate", owner: "core", intervalS: 60 },
    { key: "counters.reset", kind: "counters.reset", owner: "core", cron: "0 0 * * *" },
    { key: `jobs.run:${PRUNE_RUNS_TASK}`, kind: "jobs.run", owner: "core", cron: "17 3 * * *", payload: { task: PRUNE_RUNS_TASK } },
    {
      key: `jobs.run:${PRUNE_STORE_TASK}`, kind: "jobs.run", owner: "core", cron: "37 3 * * *",
      payload: { task: PRUNE_STORE_TASK, args: { alert_days: retention.alertDays, metric_days: retention.metricDays }, timeout_s: 3_600 },
    },
  ];
}

/** Registers the scheduler's own tasks and upserts the core jobs (idempotent: call at every boot). */
export function installCoreJobs(scheduler: Scheduler, tasks: TaskTable, store: { db: Db; clock: Clock; retention?: RetentionPolicy }): JobRecord[] {
  if (!tasks.resolve(PRUNE_RUNS_TASK)) tasks.register(PRUNE_RUNS_TASK, async () => ({ ...scheduler.pruneRuns() }));
  if (!tasks.resolve(PRUNE_STORE_TASK)) {
    tasks.register(PRUNE_STORE_TASK, async (args, { signal }) => {
      const policy = {
        alertDays: typeof args.alert_days === "number" ? args.alert_days : DEFAULT_RETENTION.alertDays,
        metricDays: typeof args.metric_days === "number" ? args.metric_days : DEFAULT_RETENTION.metricDays,
      };
      return { ...(await pruneStore(store.db, policy, store.clock.now(), signal)) };
    });
  }
  return coreJobSpecs(store.retention).map((spec) => scheduler.upsert(spec));
}
