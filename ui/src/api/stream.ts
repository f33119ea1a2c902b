import type { AlertChange } from "../../../host/src/alerts/types.ts";

export type { AlertChange };

const KINDS: ReadonlySet<string> = new Set(["created", "updated", "resolved", "acknowledged", "stale", "unacknowledged"]);

/**
 * Reads the `data` of one `alert` event of GET /alerts/stream (the AlertChange JSON).
 * Returns null for anything else, so a malformed line never breaks the live view.
 */
export function parseAlertChange(data: string): AlertChange | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { kind, alertId, at } = value as Record<string, unknown>;
  if (typeof alertId !== "number" || !Number.isSafeInteger(alertId) || alertId <= 0) return null;
  return {
    kind: (typeof kind === "string" && KINDS.has(kind) ? kind : "updated") as AlertChange["kind"],
    alertId,
    at: typeof at === "string" ? at : new Date().toISOString(),
  };
}

export type StreamState = "connecting" | "live" | "down";

export interface AlertStreamHandlers {
  onChange(change: AlertChange): void;
  onState(state: StreamState): void;
  /** The stream came back after a drop: changes may have been missed, so the view should reload. */
  onReconnect(): void;
  /** The server says more changed than it sent one by one (a burst, or this client read too slowly): reload. */
  onResync(): void;
}

/** How long to wait before re-opening a stream the browser gave up on (a 401, the daemon restarting). */
const REOPEN_AFTER_MS = 10_000;

/**
 * Subscribes to the live alert stream (browser only). EventSource reconnects by
 * itself after a network drop (the server sends `retry: 5000`) but gives up on an
 * HTTP error; then the stream is re-opened after a pause. Returns the function
 * that closes it for good.
 */
export function openAlertStream(url: string, handlers: AlertStreamHandlers): () => void {
  let everOpen = false;
  let dropped = false;
  let closed = false;
  let source: EventSource | undefined;
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    handlers.onState("connecting");
    const current = new EventSource(url);
    source = current;
    current.addEventListener("open", () => {
      handlers.onState("live");
      if (everOpen && dropped) handlers.onReconnect();
      everOpen = true;
      dropped = false;
    });
    current.addEventListener("error", () => {
      if (closed) return;
      dropped = true;
      if (current.readyState === EventSource.CLOSED) {
        handlers.onState("down");
        reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
      } else {
        handlers.onState("connecting");
      }
    });
    current.addEventListener("alert", (event) => {
      const change = parseAlertChange((event as MessageEvent<string>).data);
      if (change) handlers.onChange(change);
    });
    current.addEventListener("resync", () => handlers.onResync());
  };

  open();
  return () => {
    closed = true;
    clearTimeout(reopenTimer);
    source?.close();
  };
}
