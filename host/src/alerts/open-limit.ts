import { hash } from "node:crypto";
import type { NormalizedAlert } from "@opsconductor/sdk";
import { connectorLabel } from "./health.ts";

/** The alert type of the health alert an instance raises at its open-alert limit. */
export const OPEN_LIMIT_ALERT_TYPE = "connector_open_limit";

/** Below this share of the limit again, the health alert resolves (a margin, so it does not flap at the edge). */
export const OPEN_LIMIT_CLEAR_SHARE = 0.9;

/** The key of an instance's open-limit alert: one per instance, apart from its poll health alerts. */
export function openLimitFingerprint(connectorId: string): string {
  return hash("sha256", `open-limit\u0000${connectorId}`, "hex").slice(0, 32);
}

/**
 * The health alert of an instance that holds its limit of unresolved alerts: from then on its new
 * problems are recorded as notices, so the admin must hear of it (see IngestBatch's #mayOpen).
 */
export function openLimitAlert(connectorId: string, connectorName: string | undefined, connectorType: string, limit: number, at: string): NormalizedAlert {
  const count = limit.toLocaleString("en-US");
  return {
    connector_type: connectorType,
    alert_type: OPEN_LIMIT_ALERT_TYPE,
    role: "problem",
    severity: "minor",
    category: "application",
    device_ip: "",
    device_name: connectorName ?? connectorId,
    title: `Connector ${connectorLabel(connectorId, connectorName)} holds ${count} unresolved alerts, its limit: new problems are recorded as notices`,
    message: `Resolve what is over, fix a source that makes a new key of every event, or raise --open-alert-limit (now ${count}). `
      + `This resolves once the instance is under ${Math.round(OPEN_LIMIT_CLEAR_SHARE * 100)}% of its limit.`,
    timestamp: at,
    metrics: { open_alert_limit: limit },
    raw: { open_alert_limit: limit },
  };
}
