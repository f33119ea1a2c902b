import type { Clock } from "../util/clock.ts";

/**
 * When a crashed instance may start again: `baseMs` after the first crash, doubling with
 * each consecutive crash up to `maxMs`; a successful call resets the count.
 */
export class RestartBackoff {
  readonly #baseMs: number;
  readonly #maxMs: number;
  readonly #clock: Clock;
  #consecutive = 0;
  #retryAt = 0;

  constructor(baseMs: number, maxMs: number, clock: Clock) {
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
    this.#clock = clock;
  }

  /** Counts a crash; returns the delay before the next start. */
  crashed(): number {
    this.#consecutive += 1;
    const delay = Math.min(this.#maxMs, this.#baseMs * 2 ** (this.#consecutive - 1));
    this.#retryAt = this.#clock.now() + delay;
    return delay;
  }

  succeeded(): void {
    this.#consecutive = 0;
    this.#retryAt = 0;
  }

  /** Milliseconds until a start is allowed (0: now). */
  waitMs(): number {
    return Math.max(0, this.#retryAt - this.#clock.now());
  }

  get consecutiveCrashes(): number {
    return this.#consecutive;
  }
}
