/** What became of one queued trap: the alerts its `receive` returned, or why it failed. */
export type TrapOutcome<M, R> = { message: M; result: R; error?: undefined } | { message: M; result?: undefined; error: unknown };

export interface TrapBatcherOptions<M, R> {
  /** One trap into the instance (its sandbox `receive`); several may run at once, up to `concurrency`. */
  receive(key: string, message: M): Promise<R>;
  /** One call per batch, the outcomes in arrival order; the next batch of that key waits for it. */
  deliver(key: string, outcomes: Array<TrapOutcome<M, R>>): void;
  /** Traps waiting per key; one more is refused (`push` returns false) rather than held. */
  maxQueued: number;
  /** Traps taken per batch. */
  batchSize: number;
  /** `receive` calls in flight per key. */
  concurrency: number;
}

interface Queue<M> {
  items: M[];
  draining: boolean;
}

/**
 * Per-key (per-instance) micro-batching of routed traps: traps queue in arrival order, a drain
 * starts on the next event-loop turn (so the traps read from the socket in one turn share a
 * batch), runs up to `batchSize` of them through `receive` with bounded concurrency, then hands
 * all their outcomes to `deliver` in arrival order — one alert ingest per batch, not per trap.
 * One batch per key at a time keeps a key's traps in order (a linkUp after its linkDown);
 * different keys drain independently. The queue is bounded: a full one refuses the trap.
 */
export class TrapBatcher<M, R> {
  readonly #options: TrapBatcherOptions<M, R>;
  readonly #queues = new Map<string, Queue<M>>();
  #idle: Array<() => void> = [];

  constructor(options: TrapBatcherOptions<M, R>) {
    this.#options = options;
  }

  /** Queues a trap for `key`; false (nothing queued) when that key already holds `maxQueued`. */
  push(key: string, message: M): boolean {
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = { items: [], draining: false };
      this.#queues.set(key, queue);
    }
    if (queue.items.length >= this.#options.maxQueued) return false;
    queue.items.push(message);
    if (!queue.draining) {
      queue.draining = true;
      setImmediate(() => void this.#drain(key, queue));
    }
    return true;
  }

  /** Traps waiting (not yet taken into a batch), over all keys. */
  queued(): number {
    let total = 0;
    for (const queue of this.#queues.values()) total += queue.items.length;
    return total;
  }

  /** Resolves once every queued trap has been received and delivered. */
  idle(): Promise<void> {
    if (![...this.#queues.values()].some((queue) => queue.draining)) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(key: string, queue: Queue<M>): Promise<void> {
    const { batchSize } = this.#options;
    const batch = queue.items.length <= batchSize ? queue.items : queue.items.slice(0, batchSize);
    queue.items = batch === queue.items ? [] : queue.items.slice(batchSize);
    const outcomes = await this.#receiveAll(key, batch);
    try {
      this.#options.deliver(key, outcomes);
    } catch {
      // deliver handles its own failures; a throw must not stall this key's queue.
    }
    if (queue.items.length > 0) {
      // The next batch on a later turn: the socket gets read between batches.
      setImmediate(() => void this.#drain(key, queue));
      return;
    }
    queue.draining = false;
    this.#queues.delete(key);
    if (![...this.#queues.values()].some((other) => other.draining)) for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #receiveAll(key: string, batch: M[]): Promise<Array<TrapOutcome<M, R>>> {
    const outcomes = new Array<TrapOutcome<M, R>>(batch.length);
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < batch.length) {
        const index = next++;
        const message = batch[index]!;
        try {
          outcomes[index] = { message, result: await this.#options.receive(key, message) };
        } catch (error) {
          outcomes[index] = { message, error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#options.concurrency, batch.length) }, lane));
    return outcomes;
  }
}
