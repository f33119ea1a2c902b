import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type ApiClient } from "../../api/client.ts";
import { getAlert } from "../../api/endpoints.ts";
import { openAlertStream, type AlertChange, type StreamState } from "../../api/stream.ts";
import type { AlertRecord } from "../../api/types.ts";

export interface LiveHandlers {
  onAlert(alert: AlertRecord, change: AlertChange): void;
  onGone(id: number): void;
  /** Too much changed, or changes may have been missed: reload the view. */
  onResync(): void;
}

/** Changes arriving within this window are fetched together. */
const BATCH_MS = 200;
/** A burst larger than this is cheaper to reload as one list than to fetch alert by alert. */
const MAX_BATCH = 40;

/**
 * Listens to GET /alerts/stream and fetches each changed alert (the stream carries
 * only ids), coalescing bursts. Returns the stream's state for the live indicator.
 */
export function useLiveAlerts(client: ApiClient, handlers: LiveHandlers): StreamState {
  const [state, setState] = useState<StreamState>("connecting");
  const saved = useRef(handlers);
  saved.current = handlers;

  useEffect(() => {
    const pending = new Map<number, AlertChange>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;

    const flush = async () => {
      timer = undefined;
      const batch = [...pending.values()];
      pending.clear();
      if (batch.length > MAX_BATCH) {
        saved.current.onResync();
        return;
      }
      await Promise.all(batch.map(async (change) => {
        try {
          const { alert } = await getAlert(client, change.alertId);
          if (!closed) saved.current.onAlert(alert, change);
        } catch (error) {
          if (!closed && error instanceof ApiError && error.code === "ALERT_NOT_FOUND") saved.current.onGone(change.alertId);
        }
      }));
    };

    const close = openAlertStream(client.url("/alerts/stream"), {
      onChange: (change) => {
        pending.set(change.alertId, change);
        timer ??= setTimeout(() => void flush(), BATCH_MS);
      },
      onState: (next) => {
        if (!closed) setState(next);
      },
      onReconnect: () => saved.current.onResync(),
      onResync: () => {
        // What was gathered is part of what the reload shows.
        pending.clear();
        clearTimeout(timer);
        timer = undefined;
        saved.current.onResync();
      },
    });
    return () => {
      closed = true;
      clearTimeout(timer);
      close();
    };
  }, [client]);

  return state;
}
