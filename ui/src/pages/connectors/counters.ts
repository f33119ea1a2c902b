import type { ConnectorRecord } from "../../api/connectors.ts";
import { formatTimestamp } from "../../lib/format.ts";

export interface CountersView {
  /** The cell: "6 received · 3 new", with "· 1 dropped clear" when a clear found nothing open. */
  summary: string;
  /** The tooltip: every counter, and since when. */
  detail: string;
  /** Nothing received today: the cell is dimmed. */
  quiet: boolean;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** How the list shows a connector's daily counters (connector_counters, zeroed at 00:00 UTC). */
export function countersView(counters: ConnectorRecord["counters"]): CountersView {
  const { received, created, deduplicated, resolved, dropped_clears: dropped, notices, polls, poll_failures: pollFailures } = counters;
  const parts = [`${received} received`, `${created} new`];
  if (dropped > 0) parts.push(plural(dropped, "dropped clear"));
  const since = counters.since ? `since ${formatTimestamp(counters.since)}` : "nothing counted yet";
  const detail = `Today (${since}; reset daily at 00:00 UTC): ${received} received — ${created} new, ${deduplicated} repeated, `
    + `${resolved} resolved by a clear, ${plural(dropped, "dropped clear")} (nothing open to clear), ${plural(notices, "notice")}; `
    + `${plural(polls, "poll")}, ${pollFailures} failed.`;
  return { summary: parts.join(" · "), detail, quiet: received === 0 };
}
