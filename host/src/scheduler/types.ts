/** A JSON-serializable value: what job payloads and run results are made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Why a run started: its schedule came due, an operator asked, or it was missed while the host was down. */
export type RunTrigger = "schedule" | "manual" | "catch-up";

export const RUN_STATUSES = ["running", "ok", "failed", "timeout", "skipped", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A `scheduler_jobs` row as the API returns it. Exactly one of `interval_s` and `cron` is set. */
export interface JobRecord {
  key: string;
  kind: string;
  owner: string;
  interval_s: number | null;
  cron: string | null;
  enabled: boolean;
  payload: JsonObject;
  next_run_at: string | null;
  last_run_at: string | null;
  last_status: RunStatus | null;
  created_at: string;
  updated_at: string;
}

/**
 * A job as GET /scheduler/jobs lists it: `stuck` when its last run timed out and the handler has
 * not returned, so the job runs again only once it does (or the daemon restarts).
 */
export interface JobListing extends JobRecord {
  stuck: boolean;
}

/** A `job_runs` row as the API returns it. */
export interface RunRecord {
  id: number;
  job_key: string;
  kind: string;
  trigger: RunTrigger;
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  result: JsonValue | null;
}

/**
 * What a caller asks the scheduler to keep: `upsert` creates or updates the job with this key.
 * `owner` is 'core', 'connector:<id>' or 'addon:<id>' (the unit of per-owner caps and of `removeByOwner`).
 */
export interface JobSpec {
  key: string;
  kind: string;
  owner?: string;
  /** Run every `intervalS` seconds (with jitter)... */
  intervalS?: number;
  /** ...or at the minutes a 5-field UTC cron expression names (no jitter). */
  cron?: string;
  /** Omitted: a new job is enabled, an existing one keeps its state (an admin's disable survives re-syncs). */
  enabled?: boolean;
  payload?: JsonObject;
}

/** What a handler receives besides its job. */
export interface JobContext {
  /** Aborted on timeout, on shutdown past the grace period, or when the job is removed. `signal.reason` is an OcError. */
  signal: AbortSignal;
  trigger: RunTrigger;
}

/** One kind of work the scheduler knows how to start (DESIGN §3). */
export interface JobKind {
  name: string;
  description: string;
  /** The schedule a job of this kind gets when its owner has no better one. */
  defaultIntervalS?: number;
  defaultCron?: string;
  defaultTimeoutMs: number;
  /** Per-job timeout, e.g. derived from the job's interval; `defaultTimeoutMs` when absent. */
  timeoutMs?(job: JobRecord): number;
  /** Does the work; the resolved value is stored as the run's `result`. Throw an OcError to fail with its code. */
  handler(job: JobRecord, context: JobContext): Promise<JsonValue>;
}
