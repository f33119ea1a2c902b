import { streamSSE } from "hono/streaming";
import { route, type RouteSpec } from "../routing.ts";
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
 * GET /alerts/stream: one `alert` event per AlertSink change (`data` is the
 * AlertChange JSON), and a comment line every heartbeat so idle proxies keep the
 * connection. Clients re-fetch what changed; the stream carries no alert bodies.
 */
export function alertStreamRoutes(s: ApiServices, streams: StreamRegistry): RouteSpec[] {
  const heartbeatMs = s.deps.options?.sseHeartbeatMs ?? 15_000;
  return [
    route("get", "/alerts/stream", "viewer", (c) =>
      streamSSE(c, async (stream) => {
        let finish!: () => void;
        const done = new Promise<void>((resolve) => (finish = resolve));
        const unsubscribe = s.deps.alerts.onChange((change) => {
          void stream.writeSSE({ event: "alert", data: JSON.stringify(change) }).catch(finish);
        });
        const heartbeat = setInterval(() => void stream.write(": heartbeat\n\n").catch(finish), heartbeatMs);
        const unregister = streams.add(finish);
        stream.onAbort(finish);
        try {
          await stream.write("retry: 5000\n: connected\n\n");
          await done;
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
          unregister();
        }
      })),
  ];
}
