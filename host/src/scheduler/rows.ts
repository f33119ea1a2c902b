import type { JobRecord, JsonObject, JsonValue, RunRecord, RunStatus, RunTrigger } from "./types.ts";

/** `scheduler_jobs` as SQLite returns it. */
export interface JobRow {
  key: string;
  kind: string;
  owner: string;
  interval_s: number | null;
  cron: string | null;
  enabled: number;
  payload_json: string;
  next_run_at: string | null;
  last_run_at: string | null;
  last_status: string | null;
  created_at: string;
  updated_at: string;
}

/** `job_runs` as SQLite returns it. */
export interface RunRow {
  id: number;
  job_key: string;
  kind: string;
  trigger: string;
  status: string;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  result_json: string | null;
}

export function jobFromRow(row: JobRow): JobRecord {
  return {
    key: row.key,
    kind: row.kind,
    owner: row.owner,
    interval_s: row.interval_s,
    cron: row.cron,
    enabled: row.enabled === 1,
    payload: JSON.parse(row.payload_json) as JsonObject,
    next_run_at: row.next_run_at,
    last_run_at: row.last_run_at,
    last_status: row.last_status as RunStatus | null,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function runFromRow(row: RunRow): RunRecord {
  return {
    id: row.id,
    job_key: row.job_key,
    kind: row.kind,
    trigger: row.trigger as RunTrigger,
    status: row.status as RunStatus,
    started_at: row.started_at,
    finished_at: row.finished_at,
    duration_ms: row.duration_ms,
    error_code: row.error_code,
    error_message: row.error_message,
    result: row.result_json === null ? null : (JSON.parse(row.result_json) as JsonValue),
  };
}
