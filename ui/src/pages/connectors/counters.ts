import type { ConnectorRecord } from "../../api/connectors.ts";
import { formatTimestamp } from "../../lib/format.ts";

export interface CountersView {
  /**
   * The cell: "6 received · 3 new", with "· 1 dropped clear" when a clear found nothing open
   * and "· 4 refused busy" when webhook deliveries were refused.
   */
  summary: string;
  /** The tooltip: every counter, and since when. */
  detail: string;
  /** Nothing received today: the cell is dimmed. */
  quiet: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * How the list shows a connector's daily counters (connector_counters, zeroed at 00:00 UTC)
 * and, for a webhook connector, the deliveries refused as busy (counted since the daemon started).
 */
export function countersView(counters: ConnectorRecord["counters"], webhook: ConnectorRecord["webhook"] = null): CountersView {
  const { received, created, deduplicated, resolved, dropped_clears: dropped, notices, polls, poll_failures: pollFailures } = counters;
  const parts = [`${received} received`, `${created} new`];
  if (dropped > 0) parts.push(plural(dropped, "dropped clear"));
  const since = counters.since ? `since ${formatTimestamp(counters.since)}` : "nothing counted yet";
  const detail = `Today (${since}; reset daily at 00:00 UTC): ${received} received — ${created} new, ${deduplicated} repeated, `
    + `${resolved} resolved by a clear, ${plural(dropped, "dropped clear")} (nothing open to clear), ${plural(notices, "notice")}; `
    + `${plural(polls, "poll")}, ${pollFailures} failed.`;
  const refused = webhook?.refused_busy ?? 0;
  if (refused > 0) parts.push(`${refused} refused busy`);
  const deliveries = webhook && refused > 0
    ? ` Webhook: ${plural(refused, "delivery", "deliveries")} refused as busy since the daemon started (the senders were told to retry), ${webhook.in_progress} in progress.`
    : "";
  return { summary: parts.join(" · "), detail: detail + deliveries, quiet: received === 0 && refused === 0 };
}
