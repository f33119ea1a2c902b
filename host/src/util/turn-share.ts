/**
 * Spreads a burst of calls over turns of the event loop: at most `perTurn` pass in one turn and
 * the others wait in line for the next turns, `perTurn` woken a turn, so that timers and I/O run
 * in between (1,000 parallel ctx.state sets had held the loop for seconds). Calls that come a few at a time
 * pass at once; the count starts over at the next turn (one setImmediate per turn with calls).
 */
export class TurnShare {
  readonly #perTurn: number;
  #passed = 0;
  #line: Array<() => void> = [];
  #head = 0;
  #scheduled = false;

  constructor(perTurn: number) {
    this.#perTurn = perTurn;
  }

  /** Undefined when the call may go now, else a promise of its turn. */
  pass(): Promise<void> | undefined {
    this.#schedule();
    if (this.#passed < this.#perTurn && this.#head === this.#line.length) {
      this.#passed += 1;
      return undefined;
    }
    return new Promise((resolve) => this.#line.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#turn());
  }

  #turn(): void {
    this.#scheduled = false;
    const end = Math.min(this.#line.length, this.#head + this.#perTurn);
    const woken = this.#line.slice(this.#head, end);
    this.#head = end;
    if (this.#head === this.#line.length) {
      this.#line = [];
      this.#head = 0;
    }
    this.#passed = woken.length;
    if (woken.length > 0) this.#schedule();
    for (const wake of woken) wake();
  }
}
