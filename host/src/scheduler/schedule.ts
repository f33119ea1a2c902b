import { parseCron } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { JobSpec } from "./types.ts";

/** A job's schedule: exactly one of the two is set. */
export interface Schedule {
  intervalS: number | null;
  cron: string | null;
}

/** Jitter settings: `fraction` of the interval, `random` in [0, 1) (injectable for deterministic tests). */
export interface Jitter {
  fraction: number;
  random: () => number;
}

const MAX_INTERVAL_S = 366 * 86_400;

/** Checks a spec's schedule: exactly one of an integer interval (1 s..1 year) or a valid cron expression. */
export function scheduleOf(spec: Pick<JobSpec, "key" | "intervalS" | "cron">): Schedule {
  const hasInterval = spec.intervalS !== undefined && spec.intervalS !== null;
  const hasCron = spec.cron !== undefined && spec.cron !== null;
  if (hasInterval === hasCron) {
    throw hostError("JOB_SCHEDULE_INVALID", `job ${spec.key} needs exactly one of an interval or a cron expression`, { key: spec.key });
  }
  if (hasCron) return { intervalS: null, cron: parseCron(spec.cron!).expression };
  const intervalS = spec.intervalS!;
  if (!Number.isInteger(intervalS) || intervalS < 1 || intervalS > MAX_INTERVAL_S) {
    throw hostError("JOB_SCHEDULE_INVALID", `job ${spec.key}: the interval must be a whole number of seconds from 1 to ${MAX_INTERVAL_S}, got ${intervalS}`,
      { key: spec.key, intervalS });
  }
  return { intervalS, cron: null };
}

/**
 * When a new, rescheduled or re-enabled job first runs: an interval job soon, at a random point in
 * the first `fraction` of its interval (so a batch of new jobs does not start at once); a cron job at
 * its next matching minute.
 */
export function firstRunAt(schedule: Schedule, now: number, jitter: Jitter): number {
  if (schedule.cron !== null) return parseCron(schedule.cron).next(now);
  return now + Math.floor(jitter.random() * jitter.fraction * schedule.intervalS! * 1000);
}

/**
 * When a job runs next after the tick that was due at `dueAt` and handled at `now`.
 * Interval jobs: `dueAt + interval ± fraction·interval`, so the gap between runs stays within
 * [interval·(1−f), interval·(1+f)] and averages the interval (no drift); if that is already past
 * (the host was down or busy), the missed periods are skipped, counted from `now` — never replayed.
 * Cron jobs: the next matching minute after `now`, without jitter (a 00:00 reset must happen at 00:00).
 */
export function nextRunAt(schedule: Schedule, dueAt: number, now: number, jitter: Jitter): number {
  if (schedule.cron !== null) return parseCron(schedule.cron).next(now);
  const intervalMs = schedule.intervalS! * 1000;
  const offset = Math.round((jitter.random() * 2 - 1) * jitter.fraction * intervalMs);
  const onTime = dueAt + intervalMs + offset;
  return onTime > now ? onTime : now + intervalMs + offset;
}

/**
 * The latest a job's next run can rightly be, seen from `now`: an interval job's is never more than
 * interval·(1+f) away, a cron job's never past its next matching minute. A later one was computed
 * under a clock that has since gone back (an NTP step, a restored VM, a boot with the clock ahead):
 * kept, it would hold the job for as long as the clock had been ahead.
 */
export function latestNextRunAt(schedule: Schedule, now: number, jitter: Jitter): number {
  if (schedule.cron !== null) return parseCron(schedule.cron).next(now);
  return now + Math.ceil(schedule.intervalS! * 1000 * (1 + jitter.fraction));
}
