import { useEffect, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";

interface AddonListing {
  id: string;
  name: string;
  version: string;
  trust_level: string;
  status: string;
  enabled: boolean;
  connectors: number;
  warnings: string[];
}

/** The installed addons (`#/addons`): version, trust level, status and warnings. */
export function AddonsPage() {
  const { client } = useApp();
  const [addons, setAddons] = useState<AddonListing[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    client.get<{ items: AddonListing[] }>("/addons", undefined, controller.signal).then(
      (answer) => setAddons(answer.items),
      (caught: unknown) => { if (!isAbort(caught)) setError(caught); },
    );
    return () => controller.abort();
  }, [client]);

  return (
    <section>
      <h1>Addons</h1>
      {error !== null && <ErrorBox error={error} />}
      {addons === null && error === null && <p aria-busy="true">Loading…</p>}
      {addons !== null && (
        <table class="table addons-table">
          <thead><tr><th>Addon</th><th>Version</th><th>Trust</th><th>Status</th><th>Connectors</th></tr></thead>
          <tbody>
            {addons.map((addon) => (
              <tr key={addon.id}>
                <td><strong>{addon.name}</strong><div class="muted">{addon.id}</div>
                  {addon.warnings.map((warning) => <div key={warning} class="warning">{warning}</div>)}</td>
                <td>{addon.version}</td>
                <td>{addon.trust_level}</td>
                <td>{addon.enabled ? addon.status : "disabled"}</td>
                <td>{addon.connectors}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
