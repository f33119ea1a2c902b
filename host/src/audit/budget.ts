import type { Clock } from "../util/clock.ts";

export interface AuditBudgetPolicy {
  /** Rows one key may write per window. */
  perWindow: number;
  windowMs: number;
  /** Bound on tracked keys; the one whose window started first is dropped to make room. */
  maxKeys: number;
}

/** 20 rows per key an hour, for up to 10,000 keys. */
export const DEFAULT_AUDIT_BUDGET: AuditBudgetPolicy = { perWindow: 20, windowMs: 60 * 60_000, maxKeys: 10_000 };

/** What to do with one more row: write it, write one row saying the rest are left out, or leave it out. */
export type AuditDecision = { action: "write" } | { action: "note"; until: number } | { action: "skip" };

/**
 * Caps the audit rows one key (a client address) writes per window, for rows anyone can cause
 * (failed logins): a flood must not grow the audit log, the disk it shares with the alerts and the
 * nightly backups without bound. The first rows of a window are kept and the rest dropped, rather
 * than sampled: the first show when and how an attack began (and are what a user's own typos
 * produce); the later ones repeat them. One row marks where the record stops.
 */
export class AuditBudget {
  readonly #clock: Clock;
  readonly #policy: AuditBudgetPolicy;
  // Map order is window-start order: a new window re-inserts its key.
  readonly #windows = new Map<string, { startedAt: number; written: number; noted: boolean }>();

  constructor(clock: Clock, policy: Partial<AuditBudgetPolicy> = {}) {
    this.#clock = clock;
    this.#policy = { ...DEFAULT_AUDIT_BUDGET, ...policy };
  }

  take(key: string): AuditDecision {
    const now = this.#clock.now();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= this.#policy.windowMs) {
      this.#windows.delete(key);
      if (this.#windows.size >= this.#policy.maxKeys) this.#windows.delete(this.#windows.keys().next().value!);
      window = { startedAt: now, written: 0, noted: false };
      this.#windows.set(key, window);
    }
    if (window.written < this.#policy.perWindow) {
      window.written += 1;
      return { action: "write" };
    }
    if (window.noted) return { action: "skip" };
    window.noted = true;
    return { action: "note", until: window.startedAt + this.#policy.windowMs };
  }
}
