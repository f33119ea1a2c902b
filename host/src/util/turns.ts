/** A place in line: `ready` resolves when the turn is given; `release` gives it back (or leaves the line). */
export interface Turn {
  ready: Promise<void>;
  /** Idempotent. A turn not given yet is withdrawn from the line, leaving the others' order. */
  release(): void;
}

/**
 * Turns at something that runs a few at a time: up to `concurrency` hold one, the others wait
 * in arrival order, and a turn given back passes straight to the next in line. The webhook
 * gate (per addon sandbox) and the password checks take turns here.
 *
 * @example
 * const turns = new Turns(2);
 * const turn = turns.take();
 * await turn.ready;
 * try { await work(); } finally { turn.release(); }
 */
export class Turns {
  readonly #concurrency: number;
  #holding = 0;
  readonly #line: Array<() => void> = [];

  constructor(concurrency: number) {
    this.#concurrency = concurrency;
  }

  /** All turns are held: one more would wait. */
  get full(): boolean {
    return this.#holding >= this.#concurrency;
  }

  /** How many wait for a turn. */
  get waiting(): number {
    return this.#line.length;
  }

  /** Nobody holds or waits for a turn. */
  get idle(): boolean {
    return this.#holding === 0 && this.#line.length === 0;
  }

  take(): Turn {
    let given = false;
    let released = false;
    let wake: (() => void) | undefined;
    let ready: Promise<void>;
    if (!this.full && this.#line.length === 0) {
      this.#holding++;
      given = true;
      ready = Promise.resolve();
    } else {
      ready = new Promise<void>((resolve) => {
        wake = () => {
          given = true;
          resolve();
        };
        this.#line.push(wake);
      });
    }
    return {
      ready,
      release: () => {
        if (released) return;
        released = true;
        if (!given) {
          this.#line.splice(this.#line.indexOf(wake!), 1);
          return;
        }
        // The holding count stays when the turn passes on.
        const next = this.#line.shift();
        if (next) next();
        else this.#holding--;
      },
    };
  }
}
