import type { AlertRecord, RunRecord } from "../api/types.ts";

/** Severity as a colored chip; the color also marks the row stripe (see `sev-*` classes). */
export function SeverityChip({ severity }: { severity: string }) {
  return <span class={`chip sev sev-${severity}`}>{severity}</span>;
}

const STATUS_LABEL: Record<string, string> = { open: "open", acknowledged: "ack", resolved: "resolved" };

export function StatusBadge({ alert }: { alert: Pick<AlertRecord, "status" | "stale"> }) {
  return (
    <span class="status-cell">
      <span class={`badge status-${alert.status}`} title={alert.status}>{STATUS_LABEL[alert.status] ?? alert.status}</span>
      {alert.stale && <span class="badge stale" title="The source could not be polled; this state may be out of date">stale</span>}
    </span>
  );
}

export function PriorityBadge({ priority, reason }: { priority: string; reason?: string }) {
  return <span class={`badge prio prio-${priority.toLowerCase()}`} title={reason || undefined}>{priority}</span>;
}

export function RunStatusBadge({ status }: { status: RunRecord["status"] | string | null }) {
  if (!status) return <span class="muted">—</span>;
  return <span class={`badge run-${status}`}>{status}</span>;
}
