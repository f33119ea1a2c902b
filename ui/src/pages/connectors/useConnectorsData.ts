import { useCallback, useState } from "preact/hooks";
import { listAddons } from "../../api/addons.ts";
import { listConnectors, type AddonListing, type ConnectorRecord } from "../../api/connectors.ts";
import { isAbort } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";
import { useLoadAndRefresh } from "../../lib/hooks.ts";

// Scheduled polls change statuses and times behind the page's back.
const REFRESH_MS = 15_000;

export interface ConnectorsData {
  /** null until the first answer. */
  connectors: ConnectorRecord[] | null;
  addons: AddonListing[];
  error: unknown;
  dismissError: () => void;
  reload: () => void;
  /** Puts a created or updated connector in the list (by id, when it passes the filter) without waiting for the next reload. */
  upsert: (connector: ConnectorRecord) => void;
  drop: (id: string) => void;
}

/** The connectors (of one addon, or all) and the installed addons, refreshed while the tab is visible. */
export function useConnectorsData(addonFilter: string | null): ConnectorsData {
  const { client } = useApp();
  const [connectors, setConnectors] = useState<ConnectorRecord[] | null>(null);
  const [addons, setAddons] = useState<AddonListing[]>([]);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback((signal?: AbortSignal) => {
    Promise.all([listConnectors(client, addonFilter, signal), listAddons(client, signal)]).then(([items, installed]) => {
      setConnectors(items);
      setAddons(installed.items);
      setError(null);
    }, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
  }, [client, addonFilter]);

  useLoadAndRefresh(load, REFRESH_MS);

  const upsert = useCallback((connector: ConnectorRecord) => setConnectors((current) => {
    const list = current ?? [];
    if (addonFilter !== null && connector.addon_id !== addonFilter) return list;
    return list.some((item) => item.id === connector.id)
      ? list.map((item) => (item.id === connector.id ? connector : item))
      : [...list, connector].sort((a, b) => a.name.localeCompare(b.name));
  }), [addonFilter]);
  const drop = useCallback((id: string) => setConnectors((current) => (current ?? []).filter((item) => item.id !== id)), []);

  return { connectors, addons, error, dismissError: () => setError(null), reload: () => load(), upsert, drop };
}
