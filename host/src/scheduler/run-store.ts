import type { ErrorData } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { getRun } from "./queries.ts";
import type { JobRecord, JsonValue, RunRecord, RunStatus, RunTrigger } from "./types.ts";

/** How a run ended, as the scheduler hands it to the store. */
export interface RunEnding {
  status: Exclude<RunStatus, "running" | "skipped">;
  finishedAt: number;
  durationMs: number;
  error?: ErrorData;
  result?: JsonValue;
}

/** How much run history to keep: the newest `keepPerKey` runs of each job, none older than `maxAgeDays`. */
export interface RunRetention {
  keepPerKey: number;
  maxAgeDays: number;
}

export const DEFAULT_RUN_RETENTION: RunRetention = { keepPerKey: 200, maxAgeDays: 14 };

// A run's stored result and message are for people reading history, not an archive: cap them.
const MAX_RESULT_CHARS = 64 * 1024;
const MAX_MESSAGE_CHARS = 2000;

/** Persistence of `job_runs`: the lifecycle running → ok | failed | timeout | interrupted, and skipped ticks. */
export class RunStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(id: number): RunRecord | undefined {
    return getRun(this.#db, id);
  }

  begin(job: JobRecord, trigger: RunTrigger, startedAt: string): number {
    return Number(this.#db.prepare(`INSERT INTO job_runs (job_key, kind, trigger, status, started_at)
      VALUES (?, ?, ?, 'running', ?)`).run(job.key, job.kind, trigger, startedAt).lastInsertRowid);
  }

  finish(id: number, ending: RunEnding): RunRecord {
    this.#db.prepare(`UPDATE job_runs SET status = ?, finished_at = ?, duration_ms = ?, error_code = ?, error_message = ?, result_json = ?
      WHERE id = ?`).run(ending.status, new Date(ending.finishedAt).toISOString(), Math.max(0, Math.round(ending.durationMs)),
      ending.error?.code ?? null, truncate(ending.error?.message), resultJson(ending.result), id);
    return this.get(id)!;
  }

  /** A tick that did not start because the job's previous run was still going. */
  recordSkipped(job: JobRecord, trigger: RunTrigger, at: string, reason: ErrorData): RunRecord {
    const id = this.#db.prepare(`INSERT INTO job_runs (job_key, kind, trigger, status, started_at, finished_at, duration_ms, error_code, error_message)
      VALUES (?, ?, ?, 'skipped', ?, ?, 0, ?, ?)`).run(job.key, job.kind, trigger, at, at, reason.code, truncate(reason.message)).lastInsertRowid;
    return this.get(Number(id))!;
  }

  /** Runs a previous process left 'running' (it crashed or was killed): they will never finish. */
  markInterrupted(at: string): number {
    return this.#db.prepare(`UPDATE job_runs SET status = 'interrupted', finished_at = ?, error_code = 'JOB_INTERRUPTED',
      error_message = 'the host stopped before the run finished' WHERE status = 'running'`).run(at).changes;
  }

  /** Keeps the newest `keep` runs of one job (cheap, done after each run so a 30 s job cannot flood the table). */
  pruneJob(key: string, keep: number): number {
    return this.#db.prepare(`DELETE FROM job_runs WHERE job_key = ? AND status <> 'running'
      AND id <= (SELECT id FROM job_runs WHERE job_key = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`).run(key, key, keep).changes;
  }

  /** Applies the whole retention policy to every job (the daily `scheduler.prune-runs` task). Running rows are never deleted. */
  prune(retention: RunRetention, now: number): { deleted: number } {
    const cutoff = new Date(now - retention.maxAgeDays * 86_400_000).toISOString();
    return this.#db.transaction(() => {
      const old = this.#db.prepare("DELETE FROM job_runs WHERE status <> 'running' AND started_at < ?").run(cutoff).changes;
      const surplus = this.#db.prepare(`DELETE FROM job_runs WHERE status <> 'running' AND id IN (
        SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY job_key ORDER BY id DESC) AS newest FROM job_runs)
        WHERE newest > ?)`).run(retention.keepPerKey).changes;
      return { deleted: old + surplus };
    })();
  }
}

function truncate(message: string | undefined): string | null {
  if (message === undefined) return null;
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

function resultJson(result: JsonValue | undefined): string | null {
  if (result === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch {
    return JSON.stringify({ unserializable: true });
  }
  if (json === undefined) return null;
  return json.length > MAX_RESULT_CHARS ? JSON.stringify({ truncated: true, chars: json.length }) : json;
}
