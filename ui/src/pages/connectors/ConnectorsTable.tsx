import type { AddonListing, ConnectorRecord } from "../../api/connectors.ts";
import { useNow } from "../../lib/hooks.ts";
import { ConnectorRow, type ConnectorRowHandlers } from "./ConnectorRow.tsx";

interface Props extends ConnectorRowHandlers {
  connectors: readonly ConnectorRecord[];
  addons: readonly AddonListing[];
  operator: boolean;
  /** Shown in place of rows when there are none. */
  emptyText: string;
}

/** The connector instances, one row each; the actions column only for operators. */
export function ConnectorsTable({ connectors, addons, operator, emptyText, ...handlers }: Props) {
  const now = useNow(15_000);
  return (
    <div class="table-wrap">
      <table class="grid connectors-table" data-table="connectors">
        <thead>
          <tr>
            <th>Connector</th><th>Addon</th><th>Enabled</th><th>Running</th><th>Status</th>
            <th class="c-time">Last poll</th><th class="c-time">Last success</th><th class="c-num" title="Failed polls in a row">Failures</th>
            <th class="c-num" title="Alerts counted since 00:00 UTC (the counters reset daily)">Today</th>
            {operator && <th class="c-actions"><span class="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {connectors.map((connector) => (
            <ConnectorRow key={connector.id} connector={connector} addon={addons.find((addon) => addon.id === connector.addon_id)}
              now={now} operator={operator} {...handlers} />
          ))}
        </tbody>
      </table>
      {connectors.length === 0 && <div class="empty">{emptyText}</div>}
    </div>
  );
}
