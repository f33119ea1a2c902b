import type { TaskTable } from "./kinds/jobs-run.ts";
import type { Scheduler } from "./scheduler.ts";
import type { JobRecord, JobSpec } from "./types.ts";

export const PRUNE_RUNS_TASK = "scheduler.prune-runs";

/** The host's own jobs: alert evaluation each minute, the daily counter reset at 00:00 UTC, run-history retention nightly. */
export function coreJobSpecs(): JobSpec[] {
  return [
    { key: "alerts.evaluate", kind: "alerts.evaluate", owner: "core", intervalS: 60 },
    { key: "counters.reset", kind: "counters.reset", owner: "core", cron: "0 0 * * *" },
    { key: `jobs.run:${PRUNE_RUNS_TASK}`, kind: "jobs.run", owner: "core", cron: "17 3 * * *", payload: { task: PRUNE_RUNS_TASK } },
  ];
}

/** Registers the scheduler's own tasks and upserts the core jobs (idempotent: call at every boot). */
export function installCoreJobs(scheduler: Scheduler, tasks: TaskTable): JobRecord[] {
  if (!tasks.resolve(PRUNE_RUNS_TASK)) tasks.register(PRUNE_RUNS_TASK, async () => ({ ...scheduler.pruneRuns() }));
  return coreJobSpecs().map((spec) => scheduler.upsert(spec));
}
