import type { ConnectorRecord } from "../../api/connectors.ts";
import { countersView } from "./counters.ts";

/** Today's alert counts of a connector, every counter in the tooltip. */
export function CountersCell({ counters }: { counters: ConnectorRecord["counters"] }) {
  const view = countersView(counters);
  return (
    <td class={`c-num small${view.quiet ? " muted" : ""}`} title={view.detail} data-counters={view.summary}>
      {view.summary}
    </td>
  );
}
