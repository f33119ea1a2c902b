export interface CpuWatchdogOptions {
  /** The sandbox's CPU time so far (monotonic across restarts), in ms. */
  readCpuMs: () => number | Promise<number>;
  /** CPU a stretch of guest work may use without pausing or finishing a call. */
  budgetMs: number;
  /** Extra allowance before acting, e.g. to let isolated-vm's own per-call timeout fire first. */
  graceMs?: number;
  onRunaway: () => void;
}

/** Below this share of a tick spent on CPU, the sandbox counts as idle (awaiting the host). */
const IDLE_SHARE = 0.1;

/**
 * Stops guest code that runs on and on: it samples the sandbox's CPU time and calls
 * `onRunaway` when the sandbox has burnt more than the budget since it was last idle or
 * last finished a call. It covers what a per-call timeout cannot: isolated-vm's `timeout`
 * covers the synchronous start of a call only, not code resumed after an `await`, and a
 * worker thread has no per-call timeout at all. Ticks only while calls are in flight —
 * including calls of a disposed instance that never settled, which may still be spinning.
 */
export class CpuWatchdog {
  readonly #options: CpuWatchdogOptions;
  readonly #tickMs: number;
  #inFlight = 0;
  /** Bumped by reset(): releases of calls watched before it are ignored. */
  #epoch = 0;
  #timer: NodeJS.Timeout | undefined;
  #lastCpuMs = Number.NaN;
  #lastWallMs = 0;
  #busyMs = 0;
  #reading = false;

  constructor(options: CpuWatchdogOptions) {
    this.#options = options;
    this.#tickMs = Math.min(50, Math.max(5, Math.floor(options.budgetMs / 10)));
  }

  get tickMs(): number {
    return this.#tickMs;
  }

  /** Counts one call in flight; the returned function marks it finished (the sandbox was responsive). */
  watch(): () => void {
    this.#inFlight += 1;
    if (this.#timer === undefined) this.#start();
    const epoch = this.#epoch;
    let finished = false;
    return () => {
      if (finished || epoch !== this.#epoch) return;
      finished = true;
      this.#busyMs = 0;
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.#stop();
    };
  }

  /** Forgets every call in flight (the sandbox was disposed: nothing can still be running). */
  reset(): void {
    this.#epoch += 1;
    this.#inFlight = 0;
    this.#stop();
  }

  #start(): void {
    this.#lastCpuMs = Number.NaN;
    this.#busyMs = 0;
    void this.#sample();
    this.#timer = setInterval(() => void this.#sample(), this.#tickMs);
    this.#timer.unref();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #sample(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    let cpuMs: number;
    try {
      cpuMs = await this.#options.readCpuMs();
    } catch {
      return;
    } finally {
      this.#reading = false;
    }
    const wallMs = performance.now();
    const cpuDelta = cpuMs - this.#lastCpuMs;
    const wallDelta = wallMs - this.#lastWallMs;
    this.#lastCpuMs = cpuMs;
    this.#lastWallMs = wallMs;
    if (this.#timer === undefined) return;
    // First sample, or a new isolate/worker with its own counter: re-base only.
    if (!(cpuDelta >= 0)) return;
    if (cpuDelta < wallDelta * IDLE_SHARE) {
      this.#busyMs = 0;
      return;
    }
    this.#busyMs += cpuDelta;
    if (this.#busyMs > this.#options.budgetMs + (this.#options.graceMs ?? 0)) {
      this.#busyMs = 0;
      this.reset();
      this.#options.onRunaway();
    }
  }
}
