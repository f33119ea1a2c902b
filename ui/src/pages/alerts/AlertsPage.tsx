import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { AlertRecord } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { useNow } from "../../lib/hooks.ts";
import { AlertDrawer } from "./AlertDrawer.tsx";
import { AlertFiltersBar } from "./AlertFiltersBar.tsx";
import { AlertsTable } from "./AlertsTable.tsx";
import { filtersFromParams, filtersToParams, type AlertFilters } from "./filters.ts";
import { LiveIndicator } from "./LiveIndicator.tsx";
import { useAlertList } from "./useAlertList.ts";
import { useLiveAlerts } from "./useLiveAlerts.ts";

/** How long a row that just arrived over the live stream stays highlighted. */
const FRESH_MS = 4000;

/** The main screen: the filtered alert list, live, with the detail drawer of the alert in the URL (`alert=<id>`). */
export function AlertsPage() {
  const { client, route, navigate } = useApp();
  const paramsKey = route.params.toString();
  const filters = useMemo(() => filtersFromParams(route.params), [paramsKey]);
  const selectedParam = Number(route.params.get("alert"));
  const selectedId = Number.isSafeInteger(selectedParam) && selectedParam > 0 ? selectedParam : null;
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  const now = useNow();
  const list = useAlertList(client, filters);
  const [detailVersion, setDetailVersion] = useState(0);
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => () => timers.current.forEach(clearTimeout), []);

  const markFresh = useCallback((id: number) => {
    setFresh((current) => new Set(current).add(id));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((current) => {
        const next = new Set(current);
        next.delete(id);
        return next;
      });
    }, FRESH_MS);
    timers.current.add(timer);
  }, []);

  const streamState = useLiveAlerts(client, {
    onAlert: (alert) => {
      if (list.apply(alert) === "inserted") markFresh(alert.id);
      if (alert.id === selectedRef.current) setDetailVersion((n) => n + 1);
    },
    onGone: (id) => list.remove(id),
    onResync: () => list.reload(),
  });

  const setFilters = (next: AlertFilters) => navigate(buildHash("alerts", null, filtersToParams(next, route.params)), true);
  const openAlert = (id: number) => {
    const params = new URLSearchParams(route.params);
    params.set("alert", String(id));
    navigate(buildHash("alerts", null, params));
  };
  const closeAlert = useCallback(() => {
    const params = new URLSearchParams(location.hash.split("?")[1] ?? "");
    params.delete("alert");
    navigate(buildHash("alerts", null, params));
  }, [navigate]);
  const onChanged = (alert: AlertRecord) => {
    list.apply(alert);
  };

  return (
    <section class="alerts-page">
      <div class="page-head">
        <h1>Alerts</h1>
        <LiveIndicator state={streamState} />
        <span class="spacer" />
        {list.loading && <span class="muted small" aria-live="polite">Loading…</span>}
        <button type="button" class="btn small ghost" onClick={list.reload} title="Reload the list">Refresh</button>
      </div>
      <AlertFiltersBar filters={filters} onChange={setFilters} />
      {list.error !== null && <ErrorBox error={list.error} onRetry={list.reload} />}
      <AlertsTable items={list.items} selectedId={selectedId} fresh={fresh} now={now} onOpen={openAlert} loading={list.loading} />
      <LoadMore hasMore={list.nextCursor !== null} loading={list.loadingMore} onLoad={list.loadMore} shown={list.items.length} noun="alert" />
      {selectedId !== null && <AlertDrawer id={selectedId} version={detailVersion} onClose={closeAlert} onChanged={onChanged} />}
    </section>
  );
}
