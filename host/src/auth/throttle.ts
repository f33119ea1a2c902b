import type { Clock } from "../util/clock.ts";

export interface ThrottlePolicy {
  /** Failures allowed before the first lockout. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long starts afresh. */
  forgetAfterMs: number;
  /** Bound on tracked keys, so a flood of made-up usernames cannot grow memory without limit. */
  maxKeys: number;
}

/** 5 free failures, then 30 s, 1 min, 2 min, … capped at 15 min; forgotten after an hour of quiet. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxKeys: 10_000,
};

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** The lock a refusal was last reported for (see refuse). */
  reportedLock?: number;
}

/**
 * Login throttling per (username, client IP). In memory: a restart forgets it,
 * which costs an attacker a restart they cannot cause.
 */
export class LoginThrottle {
  readonly #clock: Clock;
  readonly #policy: ThrottlePolicy;
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock, policy: Partial<ThrottlePolicy> = {}) {
    this.#clock = clock;
    this.#policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
  }

  static key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.#live(key);
    return entry ? Math.max(0, entry.lockedUntil - this.#clock.now()) : 0;
  }

  /**
   * A refused attempt while the key is locked out: the wait left, and whether this is the first
   * refusal of this lockout (the one worth recording: a locked-out guesser refused thousands of
   * times a second must not write as many audit rows).
   */
  refuse(key: string): { retryAfterMs: number; first: boolean } {
    const retryAfterMs = this.retryAfterMs(key);
    const entry = this.#entries.get(key);
    if (!entry || retryAfterMs === 0) return { retryAfterMs: 0, first: false };
    const first = entry.reportedLock !== entry.lockedUntil;
    entry.reportedLock = entry.lockedUntil;
    return { retryAfterMs, first };
  }

  recordFailure(key: string): void {
    const now = this.#clock.now();
    const entry = this.#live(key) ?? { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    entry.failures += 1;
    entry.lastFailureAt = now;
    const over = entry.failures - this.#policy.freeFailures;
    if (over >= 0) {
      entry.lockedUntil = now + Math.min(this.#policy.baseLockMs * 2 ** over, this.#policy.maxLockMs);
    }
    this.#entries.delete(key); // re-insert: Map order doubles as least-recently-failed order
    this.#entries.set(key, entry);
    if (this.#entries.size > this.#policy.maxKeys) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }

  recordSuccess(key: string): void {
    this.#entries.delete(key);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#clock.now() - entry.lastFailureAt >= this.#policy.forgetAfterMs
        && this.#clock.now() >= entry.lockedUntil) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
