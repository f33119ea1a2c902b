import type { Clock } from "../util/clock.ts";

export interface LockPolicy {
  /** Failures allowed before the first lockout. */
  freeFailures: number;
  /** The first lockout; each further failure doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key with no failure for this long (and no lock left) starts afresh. */
  forgetAfterMs: number;
  /** Bound on tracked keys, so a flood of made-up keys cannot grow memory without limit. */
  maxKeys: number;
}

interface Entry {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
  /** The lock a refusal was last reported for (see refuse). */
  reportedLock?: number;
}

/**
 * Failures per key with exponential lockouts, in a bounded map. When full, a new key takes the
 * place of the unlocked key with the fewest failures (the least recently failed among equals),
 * never of a locked one: evicting the oldest key, as this once did, let a guesser locked out on
 * `admin` send 10,000 made-up usernames and come back to a clean slate. With every key locked, the
 * new key goes untracked instead (the login throttle's per-address counter still holds it).
 */
export class FailureCounter {
  readonly #clock: Clock;
  readonly #policy: LockPolicy;
  // Map order doubles as least-recently-failed order: a failure re-inserts its key.
  readonly #entries = new Map<string, Entry>();

  constructor(clock: Clock, policy: LockPolicy) {
    this.#clock = clock;
    this.#policy = policy;
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
    const entry = this.#live(key);
    const retryAfterMs = entry ? Math.max(0, entry.lockedUntil - this.#clock.now()) : 0;
    if (!entry || retryAfterMs === 0) return { retryAfterMs: 0, first: false };
    const first = entry.reportedLock !== entry.lockedUntil;
    entry.reportedLock = entry.lockedUntil;
    return { retryAfterMs, first };
  }

  recordFailure(key: string): void {
    const now = this.#clock.now();
    let entry = this.#live(key);
    if (!entry) {
      if (this.#entries.size >= this.#policy.maxKeys && !this.#evictOne(now)) return;
      entry = { failures: 0, lastFailureAt: now, lockedUntil: 0 };
    }
    entry.failures += 1;
    entry.lastFailureAt = now;
    const over = entry.failures - this.#policy.freeFailures;
    if (over >= 0) {
      entry.lockedUntil = now + Math.min(this.#policy.baseLockMs * 2 ** over, this.#policy.maxLockMs);
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  #evictOne(now: number): boolean {
    let victim: string | undefined;
    let fewest = Infinity;
    for (const [key, entry] of this.#entries) {
      if (entry.lockedUntil > now) continue;
      if (this.#forgotten(entry, now)) {
        victim = key;
        break;
      }
      if (entry.failures < fewest) {
        victim = key;
        fewest = entry.failures;
      }
    }
    if (victim === undefined) return false;
    this.#entries.delete(victim);
    return true;
  }

  #forgotten(entry: Entry, now: number): boolean {
    return now - entry.lastFailureAt >= this.#policy.forgetAfterMs && now >= entry.lockedUntil;
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.#forgotten(entry, this.#clock.now())) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
