import { toErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { iso, systemClock, type Clock } from "../util/clock.ts";
import { AdmissionQueue, DEFAULT_CAPS, type ConcurrencyCaps } from "./admission.ts";
import { runWithDeadline, type RunOutcome } from "./deadline.ts";
import { JobStore } from "./job-store.ts";
import { listJobs, type JobFilter } from "./queries.ts";
import type { JobKindRegistry } from "./registry.ts";
import { DEFAULT_RUN_RETENTION, RunStore, type RunRetention } from "./run-store.ts";
import { firstRunAt, latestNextRunAt, nextRunAt, scheduleOf, type Jitter, type Schedule } from "./schedule.ts";
import { systemTimers, type TimerSource } from "./timers.ts";
import type { JobKind, JobRecord, JobSpec, RunRecord, RunTrigger } from "./types.ts";

export interface SchedulerOptions {
  db: Db;
  kinds: JobKindRegistry;
  clock?: Clock;
  timers?: TimerSource;
  /** In [0, 1); injectable so jitter is deterministic in tests. */
  random?: () => number;
  /** Interval jobs run every interval ± this fraction of it (0..0.5). Default 0.1. */
  jitterFraction?: number;
  caps?: Partial<ConcurrencyCaps>;
  retention?: Partial<RunRetention>;
  /** How long `stop()` lets running runs finish before aborting them. Default 10 s. */
  stopGraceMs?: number;
  /** Unexpected errors of the scheduling loop itself (a database failure); the loop retries. */
  onError?: (error: unknown) => void;
}

interface ActiveRun {
  runId: number;
  owner: string;
  startedAt: number;
  controller: AbortController;
  /** Resolves once the run's outcome is recorded (at a timeout: before the handler returned). */
  done: Promise<RunRecord>;
  /** The outcome is in job_runs: from then on the run no longer counts against the caps. */
  recorded: boolean;
  handlerSettled: boolean;
  /** A handler still running after its timeout was reported (once) through onError. */
  stuckReported?: boolean;
  /** Resolves when the key is free again: the outcome recorded and the handler's promise settled. */
  released: Promise<void>;
  release: () => void;
}

/**
 * Re-read the clock at least this often, so a wall-clock jump (NTP, suspend) delays work by a minute at
 * most: forward, due jobs run at the next tick; back, next runs left in the future are brought back.
 */
const MAX_SLEEP_MS = 60_000;
const RETRY_AFTER_ERROR_MS = 5_000;
const OWNER_PATTERN = /^(core|connector:.+|addon:.+)$/;

/**
 * The host's one scheduling mechanism (DESIGN §3): jobs persisted in `scheduler_jobs`, started
 * from a single timer armed for the earliest due job, each run recorded in `job_runs`.
 *
 * - Overlap: one run per key. A tick that comes due while the previous run still goes is recorded
 *   as a 'skipped' run (JOB_ALREADY_RUNNING), so an overrunning poll is visible in history.
 * - Caps: due jobs beyond the global or per-owner cap wait in a FIFO queue (see AdmissionQueue);
 *   a job already waiting is not queued twice. Manual runs (`runNow`) bypass the queue.
 * - Timeout: each run gets an AbortSignal aborted at its kind's timeout; the run is recorded
 *   'timeout' (JOB_TIMEOUT) at once, but its key stays running until the handler's promise
 *   settles, so a handler that ignores the signal is never started twice concurrently: its due
 *   ticks are 'skipped' as for any overlap. Such a lingering handler no longer counts against the
 *   caps (a few stuck handlers cannot stall every other job) and costs at most one pending promise
 *   per key. `stop()` waits for it only within its grace; one that never settles holds its key
 *   (isRunning, runNow refused) until the process restarts.
 * - Restart: runs left 'running' by a previous process become 'interrupted'; a job whose
 *   next_run_at passed while the host was down runs once (trigger 'catch-up'), not once per miss.
 * - Clock steps: a next run further away than its schedule allows (the clock went back since it was
 *   computed, or the last boot's clock was ahead) is rescheduled from now, at start and at the first
 *   tick that reads an earlier time than the last (JOB_CLOCK_WENT_BACK logged).
 */
export class Scheduler {
  readonly #jobs: JobStore;
  readonly #runs: RunStore;
  readonly #kinds: JobKindRegistry;
  readonly #clock: Clock;
  readonly #timers: TimerSource;
  readonly #jitter: Jitter;
  readonly #queue: AdmissionQueue;
  readonly #retention: RunRetention;
  readonly #stopGraceMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #db: Db;
  readonly #active = new Map<string, ActiveRun>();
  #started = false;
  #startedAt = 0;
  /** The clock at the last tick: a later tick that reads an earlier time saw the clock go back. */
  #lastTickAt = 0;
  #wakeTimer: unknown;

  constructor(options: SchedulerOptions) {
    const jitterFraction = options.jitterFraction ?? 0.1;
    if (!(jitterFraction >= 0 && jitterFraction <= 0.5)) {
      throw hostError("CONFIG_INVALID", `jitterFraction must be within 0..0.5, got ${jitterFraction}`);
    }
    this.#db = options.db;
    this.#jobs = new JobStore(options.db);
    this.#runs = new RunStore(options.db);
    this.#kinds = options.kinds;
    this.#clock = options.clock ?? systemClock;
    this.#timers = options.timers ?? systemTimers;
    this.#jitter = { fraction: jitterFraction, random: options.random ?? Math.random };
    this.#queue = new AdmissionQueue({ ...DEFAULT_CAPS, ...options.caps });
    this.#retention = { ...DEFAULT_RUN_RETENTION, ...options.retention };
    this.#stopGraceMs = options.stopGraceMs ?? 10_000;
    this.#onError = options.onError ?? ((error) => console.error("scheduler:", error));
  }

  get started(): boolean {
    return this.#started;
  }

  // ── Jobs ────────────────────────────────────────────────────────────────

  /**
   * Creates or updates a job. A new job, a changed schedule or a re-enabled job gets a fresh first
   * run (soon, jittered); otherwise the pending next run is kept, so re-syncing changes nothing.
   */
  upsert(spec: JobSpec): JobRecord {
    this.#kinds.get(spec.kind);
    const owner = spec.owner ?? "core";
    validateIdentity(spec.key, owner, spec.payload);
    const schedule = scheduleOf(spec);
    const existing = this.#jobs.get(spec.key);
    const enabled = spec.enabled ?? existing?.enabled ?? true;
    const keepsNextRun = existing !== undefined && existing.enabled && existing.next_run_at !== null
      && existing.interval_s === schedule.intervalS && existing.cron === schedule.cron;
    const now = this.#clock.now();
    const nextRun = !enabled ? null : keepsNextRun ? existing.next_run_at : iso(firstRunAt(schedule, now, this.#jitter));
    const job = this.#jobs.save({ key: spec.key, kind: spec.kind, owner, schedule, enabled, payload: spec.payload ?? {}, nextRunAt: nextRun }, iso(now));
    this.#rearm();
    return job;
  }

  /** Deletes a job; a run in progress is aborted ('interrupted'). */
  remove(key: string): boolean {
    const removed = this.#jobs.remove(key);
    this.#queue.delete(key);
    this.#active.get(key)?.controller.abort(hostError("JOB_INTERRUPTED", `job ${key} was removed during its run`, { key }));
    this.#rearm();
    return removed;
  }

  /** Removes every job of an owner (an addon uninstalled, a connector deleted); returns their keys. */
  removeByOwner(owner: string): string[] {
    const keys = this.#jobs.keysWhere({ owner });
    for (const key of keys) this.remove(key);
    return keys;
  }

  enable(key: string): JobRecord {
    const job = this.#require(key);
    if (job.enabled) return job;
    const now = this.#clock.now();
    this.#jobs.setEnabled(key, true, iso(firstRunAt(scheduleOfJob(job), now, this.#jitter)), iso(now));
    this.#rearm();
    return this.#require(key);
  }

  /** Stops scheduling the job; a run in progress finishes. */
  disable(key: string): JobRecord {
    this.#require(key);
    this.#jobs.setEnabled(key, false, null, iso(this.#clock.now()));
    this.#queue.delete(key);
    this.#rearm();
    return this.#require(key);
  }

  get(key: string): JobRecord | undefined {
    return this.#jobs.get(key);
  }

  list(filter: JobFilter = {}): JobRecord[] {
    return listJobs(this.#db, filter);
  }

  /** Whether a run of this job is in progress now — including a handler still going after its timeout. */
  isRunning(key: string): boolean {
    return this.#active.has(key);
  }

  /** Jobs whose last run timed out while its handler has not returned: they run again only once it does. */
  stuckKeys(): string[] {
    const keys: string[] = [];
    for (const [key, active] of this.#active) if (active.recorded && !active.handlerSettled) keys.push(key);
    return keys;
  }

  // ── Runs ────────────────────────────────────────────────────────────────

  /**
   * Runs a job now (POST /connectors/:id/poll) and resolves with the finished run, whatever its
   * status. Bypasses the concurrency caps — an operator asked — runs even a disabled job, and
   * leaves the schedule as it was.
   */
  async runNow(key: string): Promise<RunRecord> {
    if (!this.#started) throw hostError("SCHEDULER_UNAVAILABLE", "the scheduler is not running");
    const job = this.#require(key);
    const active = this.#active.get(key);
    if (active) throw hostError("JOB_ALREADY_RUNNING", `job ${key} is already running (run ${active.runId})`, { key, runId: active.runId });
    this.#queue.delete(key);
    return this.#begin(job, "manual").done;
  }

  /** Applies the run-history retention to every job (the daily `scheduler.prune-runs` task). */
  pruneRuns(): { deleted: number } {
    return this.#runs.prune(this.#retention, this.#clock.now());
  }

  // ── Lifecycle ───────────────────────────────────────────────────────────

  /** Marks runs a previous process left 'running' as 'interrupted', then starts due jobs (missed ones once, as 'catch-up'). */
  start(): { interrupted: number } {
    if (this.#started) return { interrupted: 0 };
    const now = this.#clock.now();
    const interrupted = this.#runs.markInterrupted(iso(now));
    this.#jobs.markInterrupted();
    this.#started = true;
    this.#startedAt = now;
    // The last process may have scheduled under a clock that was ahead.
    this.#pullBackFutureRuns(now);
    this.#tick();
    return { interrupted };
  }

  /** Starts nothing more; waits up to `graceMs` for running runs, then aborts the rest ('interrupted'). */
  async stop(graceMs = this.#stopGraceMs): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#disarm();
    this.#queue.clear();
    if (this.#active.size === 0) return;
    if (graceMs > 0) {
      let graceTimer: unknown;
      const graceOver = new Promise<void>((resolve) => {
        graceTimer = this.#timers.setTimeout(resolve, graceMs);
      });
      // Handlers that already timed out get the grace too: they may still be writing.
      await Promise.race([Promise.allSettled([...this.#active.values()].map((run) => run.released)), graceOver]);
      this.#timers.clearTimeout(graceTimer);
    }
    for (const run of this.#active.values()) {
      run.controller.abort(hostError("JOB_INTERRUPTED", "the scheduler stopped before the run finished"));
    }
    // Only the outcomes are awaited (an abort settles them at once), never a handler that ignores the signal.
    await Promise.allSettled([...this.#active.values()].map((run) => run.done));
  }

  // ── The loop ────────────────────────────────────────────────────────────

  #tick(): void {
    this.#wakeTimer = undefined;
    if (!this.#started) return;
    try {
      const now = this.#clock.now();
      if (now < this.#lastTickAt) this.#pullBackFutureRuns(now);
      this.#lastTickAt = now;
      for (const job of this.#jobs.due(iso(now))) {
        try {
          this.#onDue(job, now);
        } catch (error) {
          this.#quarantine(job, error, now);
        }
      }
      this.#admit();
      this.#rearm();
    } catch (error) {
      this.#onError(error);
      this.#disarm();
      this.#wakeTimer = this.#timers.setTimeout(() => this.#tick(), RETRY_AFTER_ERROR_MS);
    }
  }

  /** Moves the job's next run forward (skipping missed periods) and queues this one, or records it skipped. */
  #onDue(job: JobRecord, now: number): void {
    const dueAt = Date.parse(job.next_run_at!);
    const trigger: RunTrigger = dueAt < this.#startedAt ? "catch-up" : "schedule";
    this.#jobs.setNextRun(job.key, iso(nextRunAt(scheduleOfJob(job), dueAt, now, this.#jitter)));
    const active = this.#active.get(job.key);
    if (active) {
      const message = active.recorded
        ? `run ${active.runId} of ${job.key} timed out but its handler has not returned yet`
        : `run ${active.runId} of ${job.key} was still running`;
      this.#runs.recordSkipped(job, trigger, iso(now), { code: "JOB_ALREADY_RUNNING", message });
      // A handler that ignored its abort holds the job until it returns: say so where operators look (the log), once.
      if (active.recorded && !active.stuckReported) {
        active.stuckReported = true;
        this.#onError(hostError("JOB_HANDLER_STUCK", `${message}: ${job.key} does not run again until it does (or the daemon restarts)`,
          { key: job.key, runId: active.runId }));
      }
      this.#runs.pruneJob(job.key, this.#retention.keepPerKey);
    } else {
      this.#queue.add(job.key, trigger);
    }
  }

  /**
   * Reschedules, as if new, each job whose next run is further away than its schedule allows
   * (see latestNextRunAt): the clock went back since it was computed. Logged, so the step is seen.
   */
  #pullBackFutureRuns(now: number): void {
    const pulled: string[] = [];
    for (const job of this.#jobs.notDue(iso(now))) {
      let schedule: Schedule;
      try {
        schedule = scheduleOfJob(job);
        if (Date.parse(job.next_run_at!) <= latestNextRunAt(schedule, now, this.#jitter)) continue;
      } catch {
        continue; // A corrupt schedule is quarantined when it comes due, not here.
      }
      this.#jobs.setNextRun(job.key, iso(firstRunAt(schedule, now, this.#jitter)));
      pulled.push(job.key);
    }
    if (pulled.length > 0) {
      this.#onError(hostError("JOB_CLOCK_WENT_BACK", `the clock is behind the next runs of ${pulled.length} jobs: rescheduled from now`,
        { keys: pulled.slice(0, 20) }));
    }
  }

  /** A job that cannot be scheduled (a schedule corrupted in the database) is disabled with a failed run, not retried forever. */
  #quarantine(job: JobRecord, error: unknown, now: number): void {
    this.#onError(error);
    const runId = this.#runs.begin(job, "schedule", iso(now));
    this.#runs.finish(runId, { status: "failed", finishedAt: now, durationMs: 0, error: toErrorData(error) });
    this.#jobs.setEnabled(job.key, false, null, iso(now));
    this.#jobs.markFinished(job.key, "failed");
  }

  #admit(): void {
    const runningOwners = [...this.#active.values()].filter((run) => !run.recorded).map((run) => run.owner);
    for (const { job, trigger } of this.#queue.admit(runningOwners, (key) => this.#jobs.get(key))) this.#begin(job, trigger);
  }

  #begin(job: JobRecord, trigger: RunTrigger): ActiveRun {
    const kind = this.#kindOf(job);
    const startedAt = this.#clock.now();
    const runId = this.#runs.begin(job, trigger, iso(startedAt));
    this.#jobs.markStarted(job.key, iso(startedAt));
    const controller = new AbortController();
    const timeoutMs = kind.timeoutMs?.(job) ?? kind.defaultTimeoutMs;
    // `run` is read only when the handler or the outcome settles, always after this function returned.
    const onHandlerSettled = () => {
      run.handlerSettled = true;
      // A handler that outlived its timeout: the outcome is long recorded, free the key now.
      if (run.recorded) this.#release(job.key, run);
    };
    const done = runWithDeadline(kind, job, { trigger }, controller, timeoutMs, this.#timers, onHandlerSettled)
      .then((outcome) => this.#finish(job.key, run, outcome));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const run: ActiveRun = { runId, owner: job.owner, startedAt, controller, done, recorded: false, handlerSettled: false, released, release };
    // Nobody awaits a scheduled run: report a failure to record it instead of an unhandled rejection.
    done.catch((error: unknown) => this.#onError(error));
    this.#active.set(job.key, run);
    return run;
  }

  #finish(key: string, run: ActiveRun, outcome: RunOutcome): RunRecord {
    try {
      const finishedAt = this.#clock.now();
      const record = this.#runs.finish(run.runId, { ...outcome, finishedAt, durationMs: finishedAt - run.startedAt });
      this.#jobs.markFinished(key, outcome.status);
      this.#runs.pruneJob(key, this.#retention.keepPerKey);
      return record;
    } finally {
      run.recorded = true;
      if (run.handlerSettled) this.#release(key, run);
      if (this.#started) this.#admit();
    }
  }

  #release(key: string, run: ActiveRun): void {
    if (this.#active.get(key) === run) this.#active.delete(key);
    run.release();
  }

  /** A job whose kind is no longer registered still runs, and fails visibly with JOB_KIND_UNKNOWN. */
  #kindOf(job: JobRecord): JobKind {
    if (this.#kinds.has(job.kind)) return this.#kinds.get(job.kind);
    return {
      name: job.kind, description: "not registered", defaultTimeoutMs: 1000,
      handler: async () => {
        throw hostError("JOB_KIND_UNKNOWN", `no job kind named ${job.kind}`, { key: job.key, kind: job.kind });
      },
    };
  }

  #rearm(): void {
    if (!this.#started) return;
    this.#disarm();
    const next = this.#jobs.earliestNextRun();
    if (next === null) return;
    const delay = Math.min(Math.max(Date.parse(next) - this.#clock.now(), 0), MAX_SLEEP_MS);
    this.#wakeTimer = this.#timers.setTimeout(() => this.#tick(), delay);
  }

  #disarm(): void {
    if (this.#wakeTimer !== undefined) this.#timers.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = undefined;
  }

  #require(key: string): JobRecord {
    const job = this.#jobs.get(key);
    if (!job) throw hostError("JOB_NOT_FOUND", `no job ${key}`, { key });
    return job;
  }
}

function scheduleOfJob(job: JobRecord): Schedule {
  return { intervalS: job.interval_s, cron: job.cron };
}

function validateIdentity(key: string, owner: string, payload: unknown): void {
  if (typeof key !== "string" || key.length === 0 || key.length > 200) {
    throw hostError("VALIDATION_FAILED", "a job key must be 1 to 200 characters", { key });
  }
  if (!OWNER_PATTERN.test(owner)) {
    throw hostError("VALIDATION_FAILED", `job ${key}: owner must be 'core', 'connector:<id>' or 'addon:<id>'`, { key, owner });
  }
  if (payload !== undefined && (typeof payload !== "object" || payload === null || Array.isArray(payload))) {
    throw hostError("VALIDATION_FAILED", `job ${key}: payload must be an object`, { key });
  }
}
