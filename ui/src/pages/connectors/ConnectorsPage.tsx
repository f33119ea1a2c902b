import { useEffect, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { useApp } from "../../app/context.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";

interface ConnectorListing {
  id: string;
  addon_id: string;
  name: string;
  enabled: boolean;
  running: boolean;
  status: string;
  status_code: string | null;
  status_message: string | null;
  last_poll_at: string | null;
}

/** The connector instances (`#/connectors`): their addon, whether they run, their last status. */
export function ConnectorsPage() {
  const { client } = useApp();
  const [connectors, setConnectors] = useState<ConnectorListing[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    client.get<{ items: ConnectorListing[] }>("/connectors", undefined, controller.signal).then(
      (answer) => setConnectors(answer.items),
      (caught: unknown) => { if (!isAbort(caught)) setError(caught); },
    );
    return () => controller.abort();
  }, [client]);

  return (
    <section>
      <h1>Connectors</h1>
      {error !== null && <ErrorBox error={error} />}
      {connectors === null && error === null && <p aria-busy="true">Loading…</p>}
      {connectors !== null && (
        <table class="table connectors-table">
          <thead><tr><th>Connector</th><th>Addon</th><th>Status</th><th>Last poll</th></tr></thead>
          <tbody>
            {connectors.map((connector) => (
              <tr key={connector.id}>
                <td><strong>{connector.name}</strong><div class="muted">{connector.id}</div></td>
                <td>{connector.addon_id}</td>
                <td>{connector.enabled ? (connector.running ? connector.status : `${connector.status} (not running)`) : "disabled"}
                  {connector.status_code && <div class="muted">{connector.status_code}: {connector.status_message}</div>}</td>
                <td>{connector.last_poll_at ?? "never"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
