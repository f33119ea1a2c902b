import { useCallback, useRef, useState } from "preact/hooks";
import { listAddons, type AddonList } from "../../api/addons.ts";
import type { ApiClient } from "../../api/client.ts";
import { isAbort } from "../../api/errors.ts";
import { useLoadAndRefresh } from "../../lib/hooks.ts";

// The runtime counters move while the page is open; a refresh keeps them (and statuses) current.
const REFRESH_MS = 15_000;

/** GET /addons, loaded on mount, refreshed while visible and on `reload()`; the previous list stays shown meanwhile. */
export function useAddonList(client: ApiClient): { list: AddonList | null; error: unknown; reload: () => void } {
  const [list, setList] = useState<AddonList | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Only the newest answer counts: a timed refresh sent before an action must not show the list from before it.
  const latest = useRef(0);

  const load = useCallback((signal?: AbortSignal) => {
    const request = ++latest.current;
    listAddons(client, signal).then((answer) => {
      if (request !== latest.current) return;
      setList(answer);
      setError(null);
    }, (caught: unknown) => {
      if (request === latest.current && !isAbort(caught)) setError(caught);
    });
  }, [client]);

  useLoadAndRefresh(load, REFRESH_MS);

  const reload = useCallback(() => load(), [load]);
  return { list, error, reload };
}
