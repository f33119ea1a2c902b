import { streamSSE } from "hono/streaming";
import { route, type RouteSpec } from "../routing.ts";
import { AlertFeed } from "./alert-feed.ts";
import type { ApiServices } from "../services.ts";

/** Open SSE streams, so shutdown can end them (an open stream would keep the server from closing). */
export class StreamRegistry {
  readonly #closers = new Set<() => void>();

  add(close: () => void): () => void {
    this.#closers.add(close);
    return () => this.#closers.delete(close);
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
    route("get", "/alerts/stream", "viewer", (c) =>
      streamSSE(c, async (stream) => {
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        const feed = new AlertFeed((text) => stream.write(text), s.deps.options?.alertFeed);
        const unsubscribe = s.deps.alerts.onChange((change) => feed.push(change));
        const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n").catch(finish), heartbeatMs);
        const unregister = streams.add(finish);
        stream.onAbort(finish);
        try {
          await stream.write("retry: 5000\n: connected\n\n");
          await done;
        } finally {
          clearInterval(heartbeat);
          feed.close();
          unsubscribe();
          unregister();
        }
      })),
  ];
}
