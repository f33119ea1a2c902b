import { hostError } from "../errors.ts";
import { Turns } from "../util/turns.ts";

export interface CheckLimits {
  /** Password checks run at once (each ~50 ms of CPU and 32 MiB); default 2. */
  concurrency: number;
  /** Checks that may wait for a turn; one more is refused at once (AUTH_BUSY); default 32. */
  maxWaiting: number;
}

export const DEFAULT_CHECK_LIMITS: CheckLimits = { concurrency: 2, maxWaiting: 32 };

/**
 * Turns for the slow password check. Anyone can ask to log in, and each attempt at a new
 * username costs a full scrypt before the throttle can lock it out: a flood of them would take
 * both cores (and the thread pool the daemon's DNS and file work share) from ingest. So a few
 * run at once, some wait, and past that an attempt is refused unchecked with AUTH_BUSY
 * (503, Retry-After), counted against nobody.
 */
export class CheckLimiter {
  readonly #maxWaiting: number;
  readonly #turns: Turns;

  constructor(limits: Partial<CheckLimits> = {}) {
    const { concurrency, maxWaiting } = { ...DEFAULT_CHECK_LIMITS, ...limits };
    this.#maxWaiting = maxWaiting;
    this.#turns = new Turns(concurrency);
  }

  /** A turn, or AUTH_BUSY at once when too many wait already. Call `done` when the check ends. */
  async turn(): Promise<{ done(): void }> {
    if (this.#turns.full && this.#turns.waiting >= this.#maxWaiting) {
      throw hostError("AUTH_BUSY", "too many logins at once: try again in a moment", { retryAfterSeconds: 1 });
    }
    const turn = this.#turns.take();
    await turn.ready;
    return { done: turn.release };
  }
}
