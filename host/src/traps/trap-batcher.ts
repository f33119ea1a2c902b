import { hostError } from "../errors.ts";

/** What the instance made of one trap: the alerts its `receive` returned, or why it failed. */
export type TrapAnswer<R> = { result: R; error?: undefined } | { result?: undefined; error: unknown };

/** What became of one queued trap. */
export type TrapOutcome<M, R> = { message: M } & TrapAnswer<R>;

export interface TrapBatcherOptions<M, R> {
  /**
   * One batch of a key's traps into its instance (one sandbox crossing), in arrival order;
   * one answer per trap, in that order. A rejection fails every trap of the batch.
   */
  receive(key: string, messages: M[]): Promise<Array<TrapAnswer<R>>>;
  /** One call per batch, the outcomes in arrival order; the next batch of that key waits for it. */
  deliver(key: string, outcomes: Array<TrapOutcome<M, R>>): void;
  /** Traps waiting per key; one more is refused (`push` returns false) rather than held. */
  maxQueued: number;
  /** Traps taken per batch. */
  batchSize: number;
}

interface Queue<M> {
  items: M[];
  draining: boolean;
}

/**
 * Per-key (per-instance) micro-batching of routed traps: traps queue in arrival order, a drain
 * starts on the next event-loop turn (so the traps read from the socket in one turn share a
 * batch), hands up to `batchSize` of them to `receive` in one call, then all their outcomes
 * to `deliver` in arrival order — one sandbox crossing and one alert ingest per batch, not
 * per trap. While a batch is in the sandbox the next one fills up, so batches grow with the
 * load. A key's batches are received one at a time and delivered in order (a linkUp never
 * overtakes its linkDown); different keys drain independently. The queue is bounded: a full
 * one refuses the trap.
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

  /**
   * Drains one key, batch after batch. As soon as a batch's outcomes are back, the next
   * batch (what queued meanwhile) goes into the sandbox, and only then is the first one
   * delivered: the sandbox's thread works while this one stores. Deliveries stay in order.
   */
  async #drain(key: string, queue: Queue<M>): Promise<void> {
    let inSandbox: Promise<Array<TrapOutcome<M, R>>> | null = this.#receive(key, this.#take(queue));
    while (inSandbox !== null) {
      const outcomes: Array<TrapOutcome<M, R>> = await inSandbox;
      inSandbox = queue.items.length > 0 ? this.#receive(key, this.#take(queue)) : null;
      try {
        this.#options.deliver(key, outcomes);
      } catch {
        // deliver handles its own failures; a throw must not stall this key's queue.
      }
    }
    queue.draining = false;
    this.#queues.delete(key);
    if (![...this.#queues.values()].some((other) => other.draining)) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** The next batch: up to `batchSize` of the oldest queued traps. */
  #take(queue: Queue<M>): M[] {
    const { batchSize } = this.#options;
    const batch = queue.items.length <= batchSize ? queue.items : queue.items.slice(0, batchSize);
    queue.items = batch === queue.items ? [] : queue.items.slice(batchSize);
    return batch;
  }

  /** One outcome per trap of the batch, whatever `receive` does: nothing taken is lost uncounted. */
  async #receive(key: string, batch: M[]): Promise<Array<TrapOutcome<M, R>>> {
    let answers: Array<TrapAnswer<R>>;
    try {
      answers = await this.#options.receive(key, batch);
    } catch (error) {
      return batch.map((message) => ({ message, error }));
    }
    return batch.map((message, index) => {
      const answer = answers[index];
      if (answer === undefined) return { message, error: hostError("ADDON_RESULT_INVALID", `no outcome for trap ${index + 1} of a batch of ${batch.length}`) };
      return answer.error === undefined ? { message, result: answer.result as R } : { message, error: answer.error };
    });
  }
}
