import type { ConnectorRecord } from "../../api/connectors.ts";

/** How the status cell is coloured: working, needs a look, broken, switched off, or not polled yet. */
export type StatusTone = "ok" | "warn" | "failing" | "off" | "new";

export interface StatusView {
  label: string;
  tone: StatusTone;
  /** The stored config no longer fits the addon's schema (an upgrade tightened it): only an edit fixes it. */
  needsEdit: boolean;
}

/** What the list says about a connector's state. */
export function statusOf(connector: Pick<ConnectorRecord, "enabled" | "running" | "status" | "status_code">): StatusView {
  const needsEdit = connector.status_code === "CONNECTOR_CONFIG_INVALID";
  if (!connector.enabled) return { label: "disabled", tone: "off", needsEdit };
  if (connector.status === "failing") return { label: "failing", tone: "failing", needsEdit };
  // Enabled but not in its addon's runtime: the addon is disabled, not loaded, or the instance could not start.
  if (!connector.running) return { label: "not running", tone: "failing", needsEdit };
  if (connector.status === "ok") return { label: "ok", tone: connector.status_code ? "warn" : "ok", needsEdit };
  return { label: connector.status, tone: "new", needsEdit };
}
