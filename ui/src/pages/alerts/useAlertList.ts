import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ApiClient } from "../../api/client.ts";
import { isAbort } from "../../api/errors.ts";
import { listAlerts } from "../../api/endpoints.ts";
import type { AlertRecord } from "../../api/types.ts";
import { filtersToQuery, type AlertFilters } from "./filters.ts";
import { mergeAlert, removeAlert, type MergeOutcome } from "./live.ts";

export interface AlertListState {
  items: AlertRecord[];
  nextCursor: string | null;
  /** First page loading (the previous items stay on screen meanwhile). */
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
}

const INITIAL: AlertListState = { items: [], nextCursor: null, loading: true, loadingMore: false, error: null };

/**
 * The alert list of the current filters: first page on every filter change,
 * cursor paging, and merging of single alerts (live stream, actions).
 */
export function useAlertList(client: ApiClient, filters: AlertFilters) {
  const [state, setState] = useState<AlertListState>(INITIAL);
  const stateRef = useRef(state);
  const update = useCallback((next: AlertListState) => {
    stateRef.current = next;
    setState(next);
  }, []);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const [generation, setGeneration] = useState(0);
  const moreController = useRef<AbortController | null>(null);
  const filtersKey = JSON.stringify(filters);

  useEffect(() => {
    const controller = new AbortController();
    moreController.current?.abort();
    update({ ...stateRef.current, loading: true, loadingMore: false, error: null });
    listAlerts(client, filtersToQuery(filtersRef.current), controller.signal).then(
      (page) => update({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null }),
      (error: unknown) => {
        if (!isAbort(error)) update({ ...stateRef.current, loading: false, error });
      },
    );
    return () => controller.abort();
  }, [client, filtersKey, generation, update]);

  const loadMore = useCallback(() => {
    const { nextCursor, loadingMore } = stateRef.current;
    if (!nextCursor || loadingMore) return;
    const controller = new AbortController();
    moreController.current = controller;
    update({ ...stateRef.current, loadingMore: true, error: null });
    listAlerts(client, filtersToQuery(filtersRef.current, nextCursor), controller.signal).then(
      (page) => {
        const current = stateRef.current;
        const known = new Set(current.items.map((item) => item.id));
        update({
          ...current,
          items: [...current.items, ...page.items.filter((item) => !known.has(item.id))],
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      },
      (error: unknown) => {
        if (!isAbort(error)) update({ ...stateRef.current, loadingMore: false, error });
      },
    );
  }, [client, update]);

  /** Merges a fresh copy of one alert; says what happened to the list. */
  const apply = useCallback((alert: AlertRecord): MergeOutcome => {
    const current = stateRef.current;
    const oldestLoaded = current.nextCursor ? (current.items.at(-1)?.id ?? null) : null;
    const { items, outcome } = mergeAlert(current.items, alert, filtersRef.current, oldestLoaded);
    if (outcome !== "ignored") update({ ...current, items });
    return outcome;
  }, [update]);

  const remove = useCallback((id: number) => {
    update({ ...stateRef.current, items: removeAlert(stateRef.current.items, id) });
  }, [update]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  return { ...state, loadMore, apply, remove, reload };
}
