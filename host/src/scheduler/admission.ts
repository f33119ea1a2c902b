import type { JobRecord, RunTrigger } from "./types.ts";

/**
 * How many runs may go at once: `global` across all jobs, and per owner (`owners[owner]`, else
 * `perOwner`). Connector polls are owned by their addon ('addon:<id>'), so `perOwner` is the
 * per-addon poll cap; 'core' (alert evaluation, metrics polls, housekeeping) has its own, larger one.
 */
export interface ConcurrencyCaps {
  global: number;
  perOwner: number;
  owners: Readonly<Record<string, number>>;
}

export const DEFAULT_CAPS: ConcurrencyCaps = { global: 16, perOwner: 2, owners: { core: 8 } };

interface Waiting {
  key: string;
  trigger: RunTrigger;
}

export interface Admitted {
  job: JobRecord;
  trigger: RunTrigger;
}

/**
 * Due jobs waiting for a free slot, first come first served. An owner at its cap is passed over,
 * not waited for, so one slow addon cannot hold back the others. A key is queued at most once.
 */
export class AdmissionQueue {
  readonly #caps: ConcurrencyCaps;
  #waiting: Waiting[] = [];

  constructor(caps: ConcurrencyCaps) {
    this.#caps = caps;
  }

  get size(): number {
    return this.#waiting.length;
  }

  has(key: string): boolean {
    return this.#waiting.some((entry) => entry.key === key);
  }

  add(key: string, trigger: RunTrigger): void {
    if (!this.has(key)) this.#waiting.push({ key, trigger });
  }

  delete(key: string): void {
    this.#waiting = this.#waiting.filter((entry) => entry.key !== key);
  }

  clear(): void {
    this.#waiting = [];
  }

  limitFor(owner: string): number {
    return this.#caps.owners[owner] ?? this.#caps.perOwner;
  }

  /**
   * Takes the waiting jobs that fit beside the `running` owners (one entry per run in progress),
   * re-reading each job so a job removed or disabled while it waited is dropped.
   */
  admit(running: readonly string[], load: (key: string) => JobRecord | undefined): Admitted[] {
    const perOwner = new Map<string, number>();
    for (const owner of running) perOwner.set(owner, (perOwner.get(owner) ?? 0) + 1);
    let total = running.length;
    const admitted: Admitted[] = [];
    const stillWaiting: Waiting[] = [];
    for (const entry of this.#waiting) {
      const job = load(entry.key);
      if (!job || !job.enabled) continue;
      const ownerRunning = perOwner.get(job.owner) ?? 0;
      if (total >= this.#caps.global || ownerRunning >= this.limitFor(job.owner)) {
        stillWaiting.push(entry);
        continue;
      }
      admitted.push({ job, trigger: entry.trigger });
      perOwner.set(job.owner, ownerRunning + 1);
      total++;
    }
    this.#waiting = stillWaiting;
    return admitted;
  }
}
