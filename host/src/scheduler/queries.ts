import type { Db } from "../store/database.ts";
import { hostError } from "../errors.ts";
import { cachedStatement } from "../store/statements.ts";
import { jobFromRow, runFromRow, type JobRow, type RunRow } from "./rows.ts";
import { RUN_STATUSES, type JobRecord, type RunRecord, type RunStatus } from "./types.ts";

// Read side for the API (`GET /scheduler/jobs`, `GET /scheduler/runs`); writes go through the Scheduler.

export interface JobFilter {
  kind?: string;
  owner?: string;
}

export function listJobs(db: Db, filter: JobFilter = {}): JobRecord[] {
  const rows = db.prepare(`SELECT * FROM scheduler_jobs
    WHERE (@kind IS NULL OR kind = @kind) AND (@owner IS NULL OR owner = @owner) ORDER BY key`)
    .all({ kind: filter.kind ?? null, owner: filter.owner ?? null }) as JobRow[];
  return rows.map(jobFromRow);
}

export function getJob(db: Db, key: string): JobRecord | undefined {
  const row = db.prepare("SELECT * FROM scheduler_jobs WHERE key = ?").get(key) as JobRow | undefined;
  return row && jobFromRow(row);
}

/** How many jobs of each kind last ended with each status ('never': not run yet); one row per job, unlike the run history. */
export function countJobsByLastStatus(db: Db): Array<{ kind: string; last_status: string; count: number }> {
  return cachedStatement(db, `SELECT kind, coalesce(last_status, 'never') AS last_status, count(*) AS count
    FROM scheduler_jobs GROUP BY kind, last_status ORDER BY kind, last_status`).all() as Array<{ kind: string; last_status: string; count: number }>;
}

export interface RunFilter {
  jobKey?: string;
  status?: RunStatus;
  /** 1..500. */
  limit: number;
  /** Cursor: only runs with a smaller id (the last id of the previous page). */
  before?: number;
}

export const MAX_RUNS_PAGE = 500;

/** Runs, newest first. Page with `before` = the last id returned. */
export function listRuns(db: Db, filter: RunFilter): RunRecord[] {
  if (!Number.isInteger(filter.limit) || filter.limit < 1 || filter.limit > MAX_RUNS_PAGE) {
    throw hostError("VALIDATION_FAILED", `limit must be an integer from 1 to ${MAX_RUNS_PAGE}`, { limit: filter.limit });
  }
  if (filter.status !== undefined && !RUN_STATUSES.includes(filter.status)) {
    throw hostError("VALIDATION_FAILED", `status must be one of ${RUN_STATUSES.join(", ")}`, { status: filter.status });
  }
  if (filter.before !== undefined && !Number.isInteger(filter.before)) {
    throw hostError("VALIDATION_FAILED", "before must be a run id", { before: filter.before });
  }
  const rows = db.prepare(`SELECT * FROM job_runs
    WHERE (@job_key IS NULL OR job_key = @job_key) AND (@status IS NULL OR status = @status) AND (@before IS NULL OR id < @before)
    ORDER BY id DESC LIMIT @limit`).all({
    job_key: filter.jobKey ?? null, status: filter.status ?? null, before: filter.before ?? null, limit: filter.limit,
  }) as RunRow[];
  return rows.map(runFromRow);
}

export function getRun(db: Db, id: number): RunRecord | undefined {
  const row = db.prepare("SELECT * FROM job_runs WHERE id = ?").get(id) as RunRow | undefined;
  return row && runFromRow(row);
}
