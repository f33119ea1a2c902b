// Test support for the scheduler and its job handlers: a hand-driven timer source and small helpers.
// Imported by tests only.
import { openDatabase, type Db } from "../store/database.ts";
import { ManualClock } from "../util/clock.ts";
import { JobKindRegistry } from "./registry.ts";
import { Scheduler, type SchedulerOptions } from "./scheduler.ts";
import type { TimerSource } from "./timers.ts";
import type { JobContext, JobKind, JobRecord, JsonValue, RunRecord } from "./types.ts";
import { listRuns } from "./queries.ts";

/**
 * Timers driven by a ManualClock: `advance(ms)` moves the clock, fires what came due in time
 * order and lets the promises those callbacks started settle — so tests never sleep. Like real
 * timers they count elapsed time, not the wall clock: `clock.set()` steps the clock (an NTP
 * step) without moving any timer.
 */
export class FakeTimers implements TimerSource {
  readonly clock: ManualClock;
  readonly #pending = new Map<number, { at: number; callback: () => void }>();
  #nextId = 1;
  /** Milliseconds advanced so far: the timers' own time. */
  #elapsed = 0;

  constructor(clock = new ManualClock()) {
    this.clock = clock;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#pending.set(id, { at: this.#elapsed + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  async advance(ms: number): Promise<void> {
    const target = this.#elapsed + ms;
    for (;;) {
      await settle();
      const due = [...this.#pending.entries()].filter(([, timer]) => timer.at <= target)
        .sort(([idA, a], [idB, b]) => a.at - b.at || idA - idB)[0];
      if (!due) break;
      const [id, timer] = due;
      this.#pending.delete(id);
      this.#elapse(timer.at);
      timer.callback();
    }
    this.#elapse(target);
    await settle();
  }

  #elapse(to: number): void {
    if (to <= this.#elapsed) return;
    this.clock.set(this.clock.now() + (to - this.#elapsed));
    this.#elapsed = to;
  }
}

/** Lets chains of resolved promises and setImmediate callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A promise resolved or rejected from outside: a handler that finishes when the test says so. */
export class Deferred<T = JsonValue> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}

/** A job kind for tests whose handler the test supplies; records each call. */
export function testKind(
  name: string,
  handler: (job: JobRecord, context: JobContext) => Promise<JsonValue> = async () => "done",
  defaultTimeoutMs = 5_000,
): JobKind & { calls: Array<{ key: string; trigger: string; signal: AbortSignal }> } {
  const calls: Array<{ key: string; trigger: string; signal: AbortSignal }> = [];
  return {
    name, description: `test kind ${name}`, defaultTimeoutMs, calls,
    handler: (job, context) => {
      calls.push({ key: job.key, trigger: context.trigger, signal: context.signal });
      return handler(job, context);
    },
  };
}

export interface TestScheduler {
  db: Db;
  timers: FakeTimers;
  clock: ManualClock;
  scheduler: Scheduler;
}

/**
 * A scheduler over a fresh in-memory database, fake timers starting 2026-01-01T00:00Z and no jitter
 * unless asked. `kinds` may be a function of the database and clock, for kinds that need them.
 */
export function createTestScheduler(
  kinds: JobKind[] | ((parts: { db: Db; clock: ManualClock }) => JobKind[]),
  options: Partial<SchedulerOptions> = {},
): TestScheduler {
  const db = openDatabase(":memory:");
  const timers = new FakeTimers(new ManualClock("2026-01-01T00:00:00.000Z"));
  const kindList = typeof kinds === "function" ? kinds({ db, clock: timers.clock }) : kinds;
  const scheduler = new Scheduler({
    db, kinds: new JobKindRegistry(kindList), clock: timers.clock, timers, random: () => 0.5, jitterFraction: 0,
    onError: (error) => {
      throw error;
    },
    ...options,
  });
  return { db, timers, clock: timers.clock, scheduler };
}

/** A job's runs, oldest first. */
export function runsOf(db: Db, jobKey: string): RunRecord[] {
  return listRuns(db, { jobKey, limit: 500 }).reverse();
}
