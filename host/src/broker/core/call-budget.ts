import { hostError } from "../../errors.ts";

/**
 * Cap of network calls per operation the host starts (a poll, a connection test, a device
 * sync, a pushed delivery); `reset()` starts a new one. The host, not the addon, decides
 * when an operation starts, so an addon cannot grant itself more calls; operations that
 * overlap share what is left (one instance rarely runs two at once).
 */
export class CallBudget {
  readonly #limit: number;
  #used = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  consume(capability: string): void {
    if (this.#used >= this.#limit) {
      throw hostError("BROKER_BUDGET_EXCEEDED",
        `${capability} call refused: this operation (poll, test, sync or delivery) already made its ${this.#limit} allowed network calls`, { limit: this.#limit });
    }
    this.#used += 1;
  }

  reset(): void {
    this.#used = 0;
  }
}
