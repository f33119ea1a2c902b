import { hostError } from "../../errors.ts";

/**
 * Cap of calls per operation the host starts (a poll, a connection test, a device sync, a
 * pushed delivery): a broker has one for its network calls, one for its ctx.state calls and one
 * for the events ctx.emit pushes (counted by the event, see `take`).
 * The host, not the addon, starts operations, so an addon cannot grant itself calls.
 * Operations that overlap pool their allowances (the calls cannot tell which operation made
 * them): a second one starting neither resets nor starves the first, and together they never
 * make more than `limit` calls per operation started. The count starts over when an operation
 * begins with none running.
 */
export class CallBudget {
  readonly #limit: number;
  readonly #calls: string;
  #used = 0;
  #allowed: number;
  #running = 0;

  /** `calls` names what is counted in the refusal ("network calls", "ctx.state calls"). */
  constructor(limit: number, calls = "network calls") {
    this.#limit = limit;
    this.#calls = calls;
    // Calls before any operation (a broker used directly) get one operation's worth.
    this.#allowed = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Starts an operation; call the returned function when it has ended. */
  begin(): () => void {
    if (this.#running === 0) {
      this.#used = 0;
      this.#allowed = 0;
    }
    this.#running += 1;
    this.#allowed += this.#limit;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#running -= 1;
    };
  }

  /** Counts one call of `capability`, or refuses it (BROKER_BUDGET_EXCEEDED) past the allowance. */
  consume(capability: string): void {
    this.take(1, () => `${capability} call refused: this operation (poll, test, sync or delivery) already made its ${this.#limit} allowed ${this.#calls}`);
  }

  /** Counts `count` at once, or refuses them all (BROKER_BUDGET_EXCEEDED, `refusal(used, limit)` its message) when they do not fit. */
  take(count: number, refusal: (used: number, limit: number) => string): void {
    if (this.#used + count > this.#allowed) throw hostError("BROKER_BUDGET_EXCEEDED", refusal(this.#used, this.#limit), { limit: this.#limit });
    this.#used += count;
  }
}
