import type { ConnectorRecord } from "../../api/connectors.ts";
import { statusOf } from "./status.ts";

interface Props {
  connector: ConnectorRecord;
  /** Given to operators: a config the addon no longer accepts gets an "Edit to fix" button. */
  onEdit?: () => void;
}

/** The connector's status, its code and message, and the way out when only an edit can fix it. */
export function StatusCell({ connector, onEdit }: Props) {
  const view = statusOf(connector);
  return (
    <div class="connector-status" data-status={connector.status}>
      <span class={`badge tone-${view.tone}`}>{view.label}</span>
      {connector.status_code && <code class="error-code">{connector.status_code}</code>}
      {connector.status_message && <div class="small status-message">{connector.status_message}</div>}
      {view.needsEdit && (
        <div class="small needs-edit">
          The stored configuration does not fit this addon version.
          {onEdit && <button type="button" class="btn small" onClick={onEdit}>Edit to fix</button>}
        </div>
      )}
    </div>
  );
}
