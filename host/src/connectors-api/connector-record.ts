import { emptyCounterDelta } from "../alerts/counters.ts";
import type { ConnectorCounters } from "../alerts/queries.ts";
import type { SecretVault } from "../secrets/vault.ts";
import type { WebhookLoad } from "../webhooks/delivery-gate.ts";
import type { ConnectorRow } from "./connector-records.ts";
import type { ConnectorCountersView } from "./schemas.ts";

/** A connector instance as the API shows it. Secrets never appear: only which sensitive fields are set. */
export type ConnectorRecord = Omit<ConnectorRow, "config_json" | "secrets_enc" | "enabled" | "webhook_token_hash"> & {
  enabled: boolean;
  /** Non-secret configuration. */
  config: Record<string, unknown>;
  /** Names of the sensitive fields that hold a value (write-only: send a new value to change one, null to clear it). */
  sensitive_fields_set: string[];
  /**
   * For addons that receive webhooks: where to POST, whether a token exists (it is shown only
   * when created), the deliveries in progress now and those refused as busy since the daemon started.
   */
  webhook: ({ path: string; token_set: boolean } & WebhookLoad) | null;
  /** True while the instance runs in its addon's runtime. */
  running: boolean;
  /** Today's alert and poll counters (connectorCountersSchema). */
  counters: ConnectorCountersView;
};

export function toConnectorRecord(row: ConnectorRow, vault: SecretVault,
  options: { webhooks: boolean; running: boolean; counters: ConnectorCounters | undefined; webhookLoad: WebhookLoad }): ConnectorRecord {
  let sensitive: string[] = [];
  if (row.secrets_enc) {
    try {
      sensitive = Object.keys(vault.decryptJson(row.secrets_enc)).sort();
    } catch {
      // A key file swapped under the data dir: the record still lists, the broker will report the failure.
    }
  }
  return {
    id: row.id, addon_id: row.addon_id, name: row.name, enabled: row.enabled === 1, poll_interval_s: row.poll_interval_s,
    status: row.status, status_code: row.status_code, status_message: row.status_message, last_poll_at: row.last_poll_at,
    last_success_at: row.last_success_at, consecutive_failures: row.consecutive_failures,
    config: JSON.parse(row.config_json) as Record<string, unknown>, sensitive_fields_set: sensitive,
    webhook: options.webhooks ? { path: `/api/v1/webhooks/${row.id}`, token_set: row.webhook_token_hash !== null, ...options.webhookLoad } : null,
    running: options.running, counters: toCountersView(options.counters), created_at: row.created_at, updated_at: row.updated_at,
  };
}

/** The row without its key; no row yet (nothing counted since the instance was created) reads as zeros. */
function toCountersView(counters: ConnectorCounters | undefined): ConnectorCountersView {
  if (!counters) {
    return { since: null, ...emptyCounterDelta(), polls: 0, poll_failures: 0 };
  }
  const { connector_id: _connectorId, ...view } = counters;
  return view;
}
