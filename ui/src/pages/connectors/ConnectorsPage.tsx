import { useState } from "preact/hooks";
import type { AddonListing, ConnectorRecord, CreatedConnector } from "../../api/connectors.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { canOperate } from "../../lib/roles.ts";
import { ConnectorEditor } from "./ConnectorEditor.tsx";
import { ConnectorsTable } from "./ConnectorsTable.tsx";
import { useConnectorsData } from "./useConnectorsData.ts";
import { WebhookTokenNotice, webhookTokenOf, type WebhookToken } from "./WebhookTokenNotice.tsx";

/** Connectors can be created only for addons that are enabled and loaded. */
function isActiveAddon(addon: AddonListing): boolean {
  return addon.enabled && addon.status === "active";
}

/** What the editor panel shows: a new connector, one being edited, or nothing. */
type Editing = { connector: ConnectorRecord | null } | null;

/** The connector instances (`#/connectors?addon=<id>`): their state for everyone; create, edit, test, poll, enable and delete for operators. */
export function ConnectorsPage() {
  const { user, route, navigate } = useApp();
  const addonFilter = route.params.get("addon") ?? "";
  const data = useConnectorsData(addonFilter || null);
  const [editing, setEditing] = useState<Editing>(null);
  const [token, setToken] = useState<WebhookToken | null>(null);
  const operator = canOperate(user);
  const activeAddons = data.addons.filter(isActiveAddon);
  // The filter may name an addon no longer installed (its connectors were kept): it stays choosable.
  const filterChoices = [...new Set([...data.addons.map((addon) => addon.id), ...(addonFilter ? [addonFilter] : [])])];
  const emptyText = addonFilter ? "No connectors of this addon."
    : operator ? "No connectors yet. Create one with New connector: it polls a system, or receives its webhooks, through an addon." : "No connectors yet.";

  const setAddonFilter = (addonId: string) => {
    const params = new URLSearchParams(route.params);
    if (addonId) params.set("addon", addonId);
    else params.delete("addon");
    navigate(buildHash("connectors", null, params), true);
  };

  const saved = ({ webhook_token: webhookToken, ...connector }: CreatedConnector) => {
    setEditing(null);
    data.upsert(connector);
    if (webhookToken) setToken(webhookTokenOf(connector, webhookToken));
  };

  return (
    <section class="connectors-page">
      <div class="page-head">
        <h1>Connectors</h1>
        <select aria-label="Addon filter" value={addonFilter} onChange={(e) => setAddonFilter(e.currentTarget.value)}>
          <option value="">Every addon</option>
          {filterChoices.map((id) => <option key={id} value={id}>{data.addons.find((addon) => addon.id === id)?.name ?? id}</option>)}
        </select>
        <span class="spacer" />
        {!operator && <span class="badge readonly">read-only</span>}
        <button type="button" class="btn small ghost" onClick={data.reload}>Refresh</button>
        {operator && (
          <button type="button" class="btn small primary" disabled={activeAddons.length === 0}
            title={activeAddons.length === 0 ? "No addon is active: install or enable one on the Addons page" : undefined}
            onClick={() => setEditing({ connector: null })}>New connector</button>
        )}
      </div>
      {token && <WebhookTokenNotice notice={token} onDismiss={() => setToken(null)} />}
      {data.error !== null && <ErrorBox error={data.error} onRetry={data.reload} onDismiss={data.dismissError} />}
      {data.connectors === null && data.error === null && <p class="muted" aria-busy="true">Loading…</p>}
      {data.connectors !== null && (
        <ConnectorsTable connectors={data.connectors} addons={data.addons} operator={operator} emptyText={emptyText}
          onEdit={(connector) => setEditing({ connector })} onChanged={data.upsert} onDeleted={data.drop} onToken={setToken} onPolled={data.reload} />
      )}
      {editing && (
        <ConnectorEditor key={editing.connector?.id ?? "new"} connector={editing.connector} addons={activeAddons}
          onSaved={saved} onClose={() => setEditing(null)} />
      )}
    </section>
  );
}
