import { useCallback, useEffect, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { listDevices, setDeviceCriticality } from "../../api/endpoints.ts";
import type { DeviceRecord } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { DebouncedInput } from "../../components/DebouncedInput.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatTimestamp, timeAgo } from "../../lib/format.ts";
import { useNow } from "../../lib/hooks.ts";
import { canOperate } from "../../lib/roles.ts";

const PAGE = 100;
const CRITICALITIES = ["high", "medium", "low"] as const;
type Criticality = (typeof CRITICALITIES)[number];

/** Devices known from connector syncs; `#/devices?text=&criticality=`. Operators set criticality (the priority's impact). */
export function DevicesPage() {
  const { client, user, route, navigate } = useApp();
  const text = route.params.get("text") ?? "";
  const criticality = route.params.get("criticality") ?? "";
  const now = useNow(60_000);
  const [devices, setDevices] = useState<DeviceRecord[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState<number | null>(null);
  const query = { text: text || undefined, criticality: criticality ? [criticality] : undefined, limit: PAGE };
  const key = JSON.stringify(query);

  const load = useCallback((signal?: AbortSignal) => {
    setError(null);
    listDevices(client, JSON.parse(key) as typeof query, signal).then((page) => {
      setDevices(page.items);
      setNextCursor(page.nextCursor);
    }, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
  }, [client, key]);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listDevices(client, { ...query, cursor: nextCursor });
      setDevices((current) => [...(current ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const setParam = (name: string, value: string) => {
    const params = new URLSearchParams(route.params);
    if (value) params.set(name, value);
    else params.delete(name);
    navigate(buildHash("devices", null, params), true);
  };

  const changeCriticality = async (device: DeviceRecord, value: Criticality) => {
    setSaving(device.id);
    setError(null);
    try {
      const updated = await setDeviceCriticality(client, device.id, value);
      setDevices((current) => (current ?? []).map((d) => (d.id === updated.id ? updated : d)));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(null);
    }
  };

  const operator = canOperate(user);
  return (
    <section class="devices-page">
      <div class="page-head">
        <h1>Devices</h1>
        <span class="spacer" />
        <button type="button" class="btn small ghost" onClick={() => load()}>Refresh</button>
      </div>
      <div class="filters">
        <DebouncedInput label="Search devices" class="w-text" placeholder="Name, IP, model or id…" value={text} onCommit={(v) => setParam("text", v)} />
        <select aria-label="Criticality" value={criticality} onChange={(e) => setParam("criticality", e.currentTarget.value)}>
          <option value="">Any criticality</option>
          {CRITICALITIES.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </div>
      {error !== null && <ErrorBox error={error} onRetry={() => load()} onDismiss={() => setError(null)} />}
      {devices === null && error === null && <p class="muted">Loading…</p>}
      {devices !== null && (
        <div class="table-wrap">
          <table class="grid" data-table="devices">
            <thead>
              <tr>
                <th>Name</th><th>IP</th><th>Type</th><th>Vendor / model</th><th>Site</th><th>Status</th>
                <th title="Impact used by the priority matrix">Criticality</th><th>Connector</th><th class="c-time">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr key={device.id} data-device-id={device.id}>
                  <td>{device.name}</td>
                  <td class="mono">{device.ip ?? "—"}</td>
                  <td class="small">{device.type ?? "—"}</td>
                  <td class="small">{[device.vendor, device.model].filter(Boolean).join(" ") || "—"}</td>
                  <td class="small">{device.site ?? "—"}</td>
                  <td class="small">{device.status ?? "—"}</td>
                  <td>
                    {operator ? (
                      <select class={`crit crit-${device.criticality}`} aria-label={`Criticality of ${device.name}`} value={device.criticality}
                        disabled={saving === device.id} onChange={(e) => void changeCriticality(device, e.currentTarget.value as Criticality)}>
                        {CRITICALITIES.map((c) => <option key={c} value={c}>{c}</option>)}
                      </select>
                    ) : <span class={`badge crit-${device.criticality}`}>{device.criticality}</span>}
                  </td>
                  <td class="mono small">{device.connector_id ?? "—"}</td>
                  <td class="c-time" title={formatTimestamp(device.last_seen_at)}>{timeAgo(device.last_seen_at, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {devices.length === 0 && <div class="empty">{text || criticality ? "No devices match." : "No devices yet. Connectors with device sync add them here."}</div>}
        </div>
      )}
      {devices !== null && <LoadMore hasMore={nextCursor !== null} loading={loadingMore} onLoad={loadMore} shown={devices.length} noun="device" />}
    </section>
  );
}
