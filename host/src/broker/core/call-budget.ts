import { hostError } from "../../errors.ts";

/** Per-poll cap of network calls; `reset()` starts a new poll. */
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
        `${capability} call refused: this poll already made its ${this.#limit} allowed network calls`, { limit: this.#limit });
    }
    this.#used += 1;
  }

  reset(): void {
    this.#used = 0;
  }
}
