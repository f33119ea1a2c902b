import type { AlertEventRecord } from "../../api/types.ts";
import { formatActor, formatTimestamp, timeAgo } from "../../lib/format.ts";
import { olderEventsNote } from "./history.ts";

function detailText(details: Record<string, unknown>): string {
  return Object.entries(details ?? {})
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

/** The alert's `alert_events`, newest first: who did what, when. */
export function AlertHistory({ history, total, now }: { history: AlertEventRecord[]; total: number; now: number }) {
  if (history.length === 0) return <p class="muted">No history recorded.</p>;
  const ordered = [...history].sort((a, b) => b.id - a.id);
  const older = olderEventsNote(history.length, total);
  return (
    <>
    <ol class="timeline" aria-label="History">
      {ordered.map((event) => {
        const details = detailText(event.details);
        return (
          <li key={event.id} class={`tl-item tl-${event.kind}`}>
            <span class="tl-dot" aria-hidden="true" />
            <div class="tl-main">
              <span class="tl-kind">{event.kind.replace(/_/g, " ")}</span>
              <span class="tl-actor">{formatActor(event.actor)}</span>
              <time class="tl-time" dateTime={event.at} title={formatTimestamp(event.at)}>{timeAgo(event.at, now)}</time>
            </div>
            {details && <div class="tl-details">{details}</div>}
          </li>
        );
      })}
    </ol>
    {older && <p class="muted small" data-older-events>{older}</p>}
    </>
  );
}
