import { streamSSE } from "hono/streaming";
import { hostError } from "../../errors.ts";
import { route, type RouteSpec } from "../routing.ts";
import { AlertFeed } from "./alert-feed.ts";
import type { ApiServices } from "../services.ts";

export interface StreamLimits {
  /** Streams one user may hold open (browser tabs, scripts); default 16. */
  perUser: number;
  /** Streams open in all; default 512. */
  total: number;
}

/**
 * Open SSE streams, so shutdown can end them (an open stream would keep the server from
 * closing), and bounded: every alert change is handed to every stream, so a viewer opening
 * thousands would multiply the cost of each change by as many. One more than a limit is
 * refused before it opens (STREAMS_TOO_MANY, 429 with Retry-After).
 */
export class StreamRegistry {
  readonly #closers = new Set<() => void>();
  readonly #perUser = new Map<string, number>();
  readonly #limits: StreamLimits;
  // Places taken by streams whose handler has not started yet.
  #reserved = 0;

  constructor(limits: Partial<StreamLimits> = {}) {
    this.#limits = { perUser: 16, total: 512, ...limits };
  }

  /** Takes a place for a stream of `user`, or throws STREAMS_TOO_MANY; `release` gives it back (idempotent). */
  reserve(user: string): { attach(close: () => void): void; release(): void } {
    const held = this.#perUser.get(user) ?? 0;
    if (held >= this.#limits.perUser || this.#closers.size + this.#reserved >= this.#limits.total) {
      const which = held >= this.#limits.perUser ? `you have ${held} open` : `${this.#limits.total} are open`;
      throw hostError("STREAMS_TOO_MANY", `too many alert streams (${which}): close one and try again`, { retryAfterSeconds: 10 });
    }
    this.#perUser.set(user, held + 1);
    this.#reserved++;
    let closer: (() => void) | undefined;
    let released = false;
    return {
      attach: (close) => {
        closer = close;
        this.#reserved--;
        this.#closers.add(close);
      },
      release: () => {
        if (released) return;
        released = true;
        if (closer) this.#closers.delete(closer);
        else this.#reserved--;
        const left = (this.#perUser.get(user) ?? 1) - 1;
        if (left > 0) this.#perUser.set(user, left);
        else this.#perUser.delete(user);
      },
    };
  }


  closeAll(): void {
    for (const close of [...this.#closers]) close();
  }

  get size(): number {
    return this.#closers.size;
  }
}

/**
 * GET /alerts/stream: `alert` events (`data` is an AlertChange JSON: an alert's latest
 * change, gathered for a moment; see AlertFeed), a `resync` event when more changed than a
 * client should fetch one by one (or than it read), and a comment line every heartbeat so idle
 * proxies keep the connection. Clients re-fetch what changed; the stream carries no alert bodies.
 */
export function alertStreamRoutes(s: ApiServices, streams: StreamRegistry): RouteSpec[] {
  const heartbeatMs = s.deps.options?.sseHeartbeatMs ?? 15_000;
  return [
    route("get", "/alerts/stream", "viewer", (c) => {
      // Hono answers HEAD with the GET handler and drops the body unread, so a stream opened for
      // it would never see its client go and would hold its place until shutdown: 16 HEADs
      // locked a user out of live updates. A HEAD gets the headers alone.
      if (c.req.method !== "GET") return c.body(null, 200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
      // Refused before the stream opens, so the client gets a status it can act on.
      const place = streams.reserve(`user:${c.get("principal").user.id}`);
      const signal = c.req.raw.signal;
      return streamSSE(c, async (stream) => {
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        const feed = new AlertFeed((text) => stream.write(text), s.deps.options?.alertFeed);
        const unsubscribe = s.deps.alerts.onChange((change) => feed.push(change));
        const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n").catch(finish), heartbeatMs);
        place.attach(finish);
        stream.onAbort(finish);
        // The stream's abort comes only when its body is cancelled; a request whose client went
        // before anyone read the body is seen by its signal alone.
        signal.addEventListener("abort", finish, { once: true });
        if (signal.aborted) finish();
        try {
          await stream.write("retry: 5000\n: connected\n\n");
          await done;
        } finally {
          signal.removeEventListener("abort", finish);
          clearInterval(heartbeat);
          feed.close();
          unsubscribe();
          place.release();
        }
      });
    }),
  ];
}
