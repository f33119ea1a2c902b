import type { ConnectorRecord } from "../../api/connectors.ts";
import { countersView } from "./counters.ts";

/** Today's alert counts of a connector, every counter in the tooltip; webhook deliveries refused as busy, if any. */
export function CountersCell({ counters, webhook }: { counters: ConnectorRecord["counters"]; webhook: ConnectorRecord["webhook"] }) {
  const view = countersView(counters, webhook);
  return (
    <td class={`c-num small${view.quiet ? " muted" : ""}`} title={view.detail} data-counters={view.summary}>
      {view.summary}
    </td>
  );
}
