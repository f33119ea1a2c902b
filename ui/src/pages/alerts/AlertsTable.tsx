import type { AlertRecord } from "../../api/types.ts";
import { PriorityBadge, SeverityChip, StatusBadge } from "../../components/Chips.tsx";
import { formatTimestamp, timeAgo } from "../../lib/format.ts";

interface Props {
  items: AlertRecord[];
  selectedId: number | null;
  fresh: ReadonlySet<number>;
  now: number;
  onOpen: (id: number) => void;
  loading: boolean;
}

export function AlertsTable({ items, selectedId, fresh, now, onOpen, loading }: Props) {
  return (
    <div class="table-wrap">
      <table class="grid alerts-table" aria-busy={loading}>
        <thead>
          <tr>
            <th class="c-sev">Severity</th>
            <th class="c-status">Status</th>
            <th class="c-prio" title="Priority">Pri</th>
            <th class="c-device">Device</th>
            <th>Title</th>
            <th class="c-source">Source</th>
            <th class="c-num" title="Occurrences">Count</th>
            <th class="c-time">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {items.map((alert) => (
            <tr key={alert.id} data-alert-id={alert.id} tabIndex={0}
              class={`row sev-row sev-${alert.severity}${alert.id === selectedId ? " selected" : ""}${fresh.has(alert.id) ? " fresh" : ""}${alert.status === "resolved" ? " dim" : ""}`}
              onClick={() => onOpen(alert.id)}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  onOpen(alert.id);
                }
              }}>
              <td class="c-sev"><SeverityChip severity={alert.severity} /></td>
              <td class="c-status"><StatusBadge alert={alert} /></td>
              <td class="c-prio"><PriorityBadge priority={alert.priority} reason={alert.priority_reason} /></td>
              <td class="c-device">
                <span class="device-name">{alert.device_name || "—"}</span>
                {alert.device_ip && <span class="mono muted small"> {alert.device_ip}</span>}
              </td>
              <td class="c-title" title={alert.message || alert.title}>{alert.title}</td>
              <td class="c-source mono small" title={`${alert.connector_id} · ${alert.alert_type}`}>{alert.connector_type}</td>
              <td class="c-num">{alert.occurrence_count > 1 ? `×${alert.occurrence_count}` : "1"}</td>
              <td class="c-time" title={formatTimestamp(alert.last_seen_at)}>{timeAgo(alert.last_seen_at, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && items.length === 0 && <div class="empty">No alerts match these filters.</div>}
    </div>
  );
}
