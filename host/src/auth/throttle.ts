import type { Clock } from "../util/clock.ts";
import { FailureCounter, type LockPolicy } from "./failure-counter.ts";

export interface ThrottlePolicy extends LockPolicy {
  /**
   * Failures one address may have, whatever usernames it tries, before it is locked out on all
   * of them. Higher than `freeFailures`: several people behind one NAT mistype too.
   */
  addressFreeFailures: number;
}

/**
 * 5 free failures per username and address, 20 per address; then 30 s, 1 min, 2 min, … capped at
 * 15 min; forgotten after an hour of quiet. At most 10,000 of each are tracked.
 */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailures: 5,
  addressFreeFailures: 20,
  baseLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
  maxKeys: 10_000,
};

/**
 * Login throttling per (username, client IP), and per client IP whatever the username: the first
 * alone let one address guess at will by moving to a new username every 5 failures (and every
 * guess at an unknown name costs a password check). In memory: a restart forgets it, which costs
 * an attacker a restart they cannot cause.
 *
 * A success forgets the username's failures but not the address's: otherwise a guesser holding
 * any one account could log in between guesses to wipe its address's count.
 */
export class LoginThrottle {
  readonly #byUser: FailureCounter;
  readonly #byAddress: FailureCounter;

  constructor(clock: Clock, policy: Partial<ThrottlePolicy> = {}) {
    const { addressFreeFailures, ...perUser } = { ...DEFAULT_THROTTLE_POLICY, ...policy };
    this.#byUser = new FailureCounter(clock, perUser);
    this.#byAddress = new FailureCounter(clock, { ...perUser, freeFailures: addressFreeFailures });
  }

  static #userKey(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`;
  }

  /** Milliseconds until this username may try again from this address; 0 when it may try now. */
  retryAfterMs(username: string, ip: string): number {
    return Math.max(this.#byUser.retryAfterMs(LoginThrottle.#userKey(username, ip)), this.#byAddress.retryAfterMs(ip));
  }

  /**
   * A refused attempt while locked out (by username or by address, whichever lock lasts longer):
   * the wait left, which lock, and whether this is that lock's first refusal (the one worth
   * recording, so an address cycling usernames under its lock is recorded once, not per name).
   */
  refuse(username: string, ip: string): { retryAfterMs: number; first: boolean; scope: "username" | "address" } {
    const userKey = LoginThrottle.#userKey(username, ip);
    if (this.#byAddress.retryAfterMs(ip) > this.#byUser.retryAfterMs(userKey)) {
      return { ...this.#byAddress.refuse(ip), scope: "address" };
    }
    return { ...this.#byUser.refuse(userKey), scope: "username" };
  }

  recordFailure(username: string, ip: string): void {
    this.#byUser.recordFailure(LoginThrottle.#userKey(username, ip));
    this.#byAddress.recordFailure(ip);
  }

  recordSuccess(username: string, ip: string): void {
    this.#byUser.forget(LoginThrottle.#userKey(username, ip));
  }

  /** Keys tracked now (username+address, address), for the bound's tests. */
  get tracked(): { usernames: number; addresses: number } {
    return { usernames: this.#byUser.size, addresses: this.#byAddress.size };
  }
}
