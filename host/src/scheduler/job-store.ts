import type { Db } from "../store/database.ts";
import { getJob } from "./queries.ts";
import { jobFromRow, type JobRow } from "./rows.ts";
import type { Schedule } from "./schedule.ts";
import type { JobRecord, JsonObject, RunStatus } from "./types.ts";

/** What `save` writes: the validated spec with its computed next run. */
export interface JobWrite {
  key: string;
  kind: string;
  owner: string;
  schedule: Schedule;
  enabled: boolean;
  payload: JsonObject;
  nextRunAt: string | null;
}

/** Persistence of `scheduler_jobs`; the Scheduler is its only writer. */
export class JobStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  get(key: string): JobRecord | undefined {
    return getJob(this.#db, key);
  }

  /** Inserts or replaces the definition; run history columns (last_run_at, last_status) survive. */
  save(job: JobWrite, nowIso: string): JobRecord {
    this.#db.prepare(`
      INSERT INTO scheduler_jobs (key, kind, owner, interval_s, cron, enabled, payload_json, next_run_at, created_at, updated_at)
      VALUES (@key, @kind, @owner, @interval_s, @cron, @enabled, @payload_json, @next_run_at, @now, @now)
      ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, owner = excluded.owner, interval_s = excluded.interval_s,
        cron = excluded.cron, enabled = excluded.enabled, payload_json = excluded.payload_json,
        next_run_at = excluded.next_run_at, updated_at = excluded.updated_at`).run({
      key: job.key, kind: job.kind, owner: job.owner, interval_s: job.schedule.intervalS, cron: job.schedule.cron,
      enabled: job.enabled ? 1 : 0, payload_json: JSON.stringify(job.payload), next_run_at: job.nextRunAt, now: nowIso,
    });
    return this.get(job.key)!;
  }

  remove(key: string): boolean {
    return this.#db.prepare("DELETE FROM scheduler_jobs WHERE key = ?").run(key).changes > 0;
  }

  keysWhere(filter: { owner?: string; kind?: string }): string[] {
    const rows = this.#db.prepare(`SELECT key FROM scheduler_jobs
      WHERE (@owner IS NULL OR owner = @owner) AND (@kind IS NULL OR kind = @kind) ORDER BY key`)
      .all({ owner: filter.owner ?? null, kind: filter.kind ?? null }) as Array<{ key: string }>;
    return rows.map((row) => row.key);
  }

  setEnabled(key: string, enabled: boolean, nextRunAt: string | null, nowIso: string): void {
    this.#db.prepare("UPDATE scheduler_jobs SET enabled = ?, next_run_at = ?, updated_at = ? WHERE key = ?")
      .run(enabled ? 1 : 0, nextRunAt, nowIso, key);
  }

  setNextRun(key: string, nextRunAt: string): void {
    this.#db.prepare("UPDATE scheduler_jobs SET next_run_at = ? WHERE key = ?").run(nextRunAt, key);
  }

  markStarted(key: string, startedAt: string): void {
    this.#db.prepare("UPDATE scheduler_jobs SET last_run_at = ?, last_status = 'running' WHERE key = ?").run(startedAt, key);
  }

  markFinished(key: string, status: RunStatus): void {
    this.#db.prepare("UPDATE scheduler_jobs SET last_status = ? WHERE key = ?").run(status, key);
  }

  /** After a crash: jobs whose last run never finished. */
  markInterrupted(): void {
    this.#db.prepare("UPDATE scheduler_jobs SET last_status = 'interrupted' WHERE last_status = 'running'").run();
  }

  /** Enabled jobs due at or before `nowIso`, most overdue first. ISO-8601 UTC strings sort as time. */
  due(nowIso: string): JobRecord[] {
    const rows = this.#db.prepare(`SELECT * FROM scheduler_jobs
      WHERE enabled = 1 AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, key`).all(nowIso) as JobRow[];
    return rows.map(jobFromRow);
  }

  /** Enabled jobs not due yet at `nowIso`. */
  notDue(nowIso: string): JobRecord[] {
    const rows = this.#db.prepare("SELECT * FROM scheduler_jobs WHERE enabled = 1 AND next_run_at > ?").all(nowIso) as JobRow[];
    return rows.map(jobFromRow);
  }

  earliestNextRun(): string | null {
    const row = this.#db.prepare("SELECT min(next_run_at) AS next FROM scheduler_jobs WHERE enabled = 1").get() as { next: string | null };
    return row.next;
  }
}
