import type { AlertChange } from "../../alerts/types.ts";

export interface AlertFeedOptions {
  /** Changes are gathered this long, then written together (the UI fetches in 200 ms batches anyway). */
  intervalMs: number;
  /** Alerts whose changes may wait for one client; past this, the client is told to reload instead. */
  maxPending: number;
}

export const DEFAULT_FEED_OPTIONS: AlertFeedOptions = { intervalMs: 100, maxPending: 1_000 };

/**
 * One SSE client's share of the alert changes. Written one event per change as they
 * happened, a burst of ingest (tens of thousands of alerts a second) was as many writes per
 * client, and a client that did not read (a stalled tab, a slow link) had them queued in the
 * daemon without bound: three such clients halved the webhook ingest rate (33k to 16k alerts/s)
 * and grew the heap by 200 MB per 40,000 alerts (measured). So a feed keeps each alert's latest change (a `created`
 * stays `created`), writes what it gathered every `intervalMs`, one write at a time, and while
 * a write waits for the client, gathers on; past `maxPending` alerts it drops them all and
 * sends one `resync` event instead: whatever the client shows is then stale, and it reloads.
 */
export class AlertFeed {
  readonly #write: (text: string) => Promise<unknown>;
  readonly #options: AlertFeedOptions;
  #pending = new Map<number, AlertChange>();
  #overflowed = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing = false;
  #closed = false;

  constructor(write: (text: string) => Promise<unknown>, options: Partial<AlertFeedOptions> = {}) {
    this.#write = write;
    this.#options = { ...DEFAULT_FEED_OPTIONS, ...options };
  }

  push(change: AlertChange): void {
    if (this.#closed) return;
    if (!this.#overflowed) {
      const earlier = this.#pending.get(change.alertId);
      this.#pending.set(change.alertId, earlier?.kind === "created" ? { ...change, kind: "created" } : change);
      if (this.#pending.size > this.#options.maxPending) {
        this.#overflowed = true;
        this.#pending = new Map();
      }
    }
    this.#schedule();
  }

  /** Alerts whose changes wait to be written (0 after an overflow: one resync waits instead). */
  get pending(): number {
    return this.#pending.size;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#pending = new Map();
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#writing || this.#closed) return;
    this.#timer = setTimeout(() => void this.#flush(), this.#options.intervalMs);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    if (this.#closed) return;
    const text = this.#overflowed ? resyncEvent(this.#options.maxPending) : [...this.#pending.values()].map(alertEvent).join("");
    this.#overflowed = false;
    this.#pending = new Map();
    this.#writing = true;
    try {
      await this.#write(text);
    } catch {
      // The client is gone (its stream's abort ends the subscription): nothing more to write to.
      this.close();
    } finally {
      this.#writing = false;
      if (this.#overflowed || this.#pending.size > 0) this.#schedule();
    }
  }
}

const alertEvent = (change: AlertChange) => `event: alert\ndata: ${JSON.stringify(change)}\n\n`;

const resyncEvent = (maxPending: number) =>
  `event: resync\ndata: ${JSON.stringify({ reason: `more than ${maxPending} alerts changed before this client read them`, at: new Date().toISOString() })}\n\n`;
