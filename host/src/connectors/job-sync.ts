import type { Scheduler } from "../scheduler/scheduler.ts";
import type { JobSpec } from "../scheduler/types.ts";

/** The part of the Scheduler a job sync needs. */
export type JobScheduler = Pick<Scheduler, "upsert" | "remove" | "list">;

export interface SyncResult {
  upserted: string[];
  removed: string[];
}

/**
 * Makes the jobs of one kind exactly `wanted`: upserts each (an unchanged job keeps its next run and
 * an admin's disable), removes the kind's jobs not wanted any more.
 */
export function syncJobsOfKind(scheduler: JobScheduler, kind: string, wanted: readonly JobSpec[]): SyncResult {
  const wantedKeys = new Set(wanted.map((spec) => spec.key));
  const upserted = wanted.map((spec) => scheduler.upsert(spec).key);
  const removed = scheduler.list({ kind }).map((job) => job.key).filter((key) => !wantedKeys.has(key));
  for (const key of removed) scheduler.remove(key);
  return { upserted, removed };
}
