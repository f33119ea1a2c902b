import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { alertAction, getAlert, type AlertAction } from "../../api/endpoints.ts";
import type { AlertDetail, AlertRecord } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { PriorityBadge, SeverityChip, StatusBadge } from "../../components/Chips.tsx";
import { Drawer } from "../../components/Drawer.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { formatActor, formatTimestamp, timeAgo } from "../../lib/format.ts";
import { useNow } from "../../lib/hooks.ts";
import { canOperate } from "../../lib/roles.ts";
import { AlertHistory } from "./AlertHistory.tsx";

interface Props {
  id: number;
  /** Bumped when the alert changed elsewhere (live stream), to re-fetch. */
  version: number;
  onClose: () => void;
  onChanged: (alert: AlertRecord) => void;
}

const ACTION_LABEL: Record<AlertAction, string> = { acknowledge: "Acknowledge", unacknowledge: "Unacknowledge", resolve: "Resolve" };

/** The actions of a status, the usual next step first (shown as the primary button). */
function actionsFor(status: AlertRecord["status"]): AlertAction[] {
  if (status === "open") return ["acknowledge", "resolve"];
  if (status === "acknowledged") return ["resolve", "unacknowledge"];
  return [];
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function AlertDrawer({ id, version, onClose, onChanged }: Props) {
  const { client, user } = useApp();
  const now = useNow();
  const [detail, setDetail] = useState<AlertDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [pending, setPending] = useState<AlertAction | null>(null);
  const [note, setNote] = useState("");
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    getAlert(client, id, controller.signal).then(setDetail, (error: unknown) => {
      if (!isAbort(error)) setLoadError(error);
    });
    return () => controller.abort();
  }, [client, id, version, refresh]);

  useEffect(() => {
    setDetail(null);
    setNote("");
    setActionError(null);
  }, [id]);

  const act = async (action: AlertAction) => {
    setPending(action);
    setActionError(null);
    try {
      const alert = await alertAction(client, id, action, note.trim() || undefined);
      setNote("");
      onChanged(alert);
      setRefresh((n) => n + 1);
    } catch (error) {
      setActionError(error);
    } finally {
      setPending(null);
    }
  };

  const alert = detail?.alert.id === id ? detail.alert : null;
  const title = alert ? (
    <>
      <SeverityChip severity={alert.severity} /> <span class="drawer-alert-title">{alert.title}</span>
    </>
  ) : `Alert #${id}`;

  return (
    <Drawer title={title} onClose={onClose} label={`Alert ${id}`}>
      {loadError !== null && <ErrorBox error={loadError} onRetry={() => setRefresh((n) => n + 1)} />}
      {!alert && loadError === null && <p class="muted">Loading…</p>}
      {alert && (
        <div class="alert-detail" data-alert-id={alert.id} data-status={alert.status}>
          <div class="detail-badges">
            <StatusBadge alert={alert} />
            <PriorityBadge priority={alert.priority} reason={alert.priority_reason} />
            <span class="badge">{alert.category}</span>
            <span class="muted small">#{alert.id}</span>
          </div>
          {alert.message && alert.message !== alert.title && <p class="detail-message">{alert.message}</p>}

          {canOperate(user) && actionsFor(alert.status).length > 0 && (
            <div class="detail-actions">
              <input type="text" class="note" placeholder="Note (optional)" aria-label="Note" maxLength={2000} value={note}
                onInput={(e) => setNote(e.currentTarget.value)} />
              {actionsFor(alert.status).map((action, index) => (
                <button key={action} type="button" class={`btn${index === 0 ? " primary" : action === "unacknowledge" ? " ghost" : ""}`}
                  disabled={pending !== null} onClick={() => act(action)}>
                  {pending === action ? `${ACTION_LABEL[action]}…` : ACTION_LABEL[action]}
                </button>
              ))}
            </div>
          )}
          {actionError !== null && <ErrorBox error={actionError} onDismiss={() => setActionError(null)} />}

          <dl class="facts">
            <Fact label="Device">{alert.device_name || "—"} <span class="mono muted">{alert.device_ip}</span></Fact>
            {alert.resource && <Fact label="Resource"><span class="mono">{alert.resource}</span></Fact>}
            <Fact label="Alert type"><span class="mono">{alert.alert_type}</span></Fact>
            <Fact label="Source"><span class="mono">{alert.connector_type}</span> <span class="muted">({alert.connector_id}{alert.target ? ` · ${alert.target}` : ""})</span></Fact>
            <Fact label="Priority">{alert.priority}{alert.priority_reason && <span class="muted"> — {alert.priority_reason}</span>}</Fact>
            <Fact label="Occurrences">{alert.occurrence_count}</Fact>
            <Fact label="First seen">{formatTimestamp(alert.first_seen_at)} <span class="muted">({timeAgo(alert.first_seen_at, now)})</span></Fact>
            <Fact label="Last seen">{formatTimestamp(alert.last_seen_at)} <span class="muted">({timeAgo(alert.last_seen_at, now)})</span></Fact>
            {alert.acknowledged_at && (
              <Fact label="Acknowledged">{formatActor(alert.acknowledged_by ?? "")} · {formatTimestamp(alert.acknowledged_at)}</Fact>
            )}
            {alert.resolved_at && (
              <Fact label="Resolved">
                {formatActor(alert.resolved_by ?? "")} · {formatTimestamp(alert.resolved_at)}{alert.resolution && <span class="muted"> ({alert.resolution})</span>}
              </Fact>
            )}
            <Fact label="Fingerprint"><span class="mono small break">{alert.fingerprint}</span></Fact>
          </dl>

          {Object.keys(alert.metrics ?? {}).length > 0 && (
            <section>
              <h3>Metrics</h3>
              <table class="grid kv">
                <tbody>
                  {Object.entries(alert.metrics).map(([key, value]) => (
                    <tr key={key}><th class="mono">{key}</th><td class="mono">{typeof value === "object" ? JSON.stringify(value) : String(value)}</td></tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}

          <section>
            <h3>History</h3>
            <AlertHistory history={detail?.history ?? []} total={detail?.history_total ?? 0} now={now} />
          </section>

          <details class="raw">
            <summary>Raw event</summary>
            <pre>{JSON.stringify(alert.raw, null, 2)}</pre>
          </details>
        </div>
      )}
    </Drawer>
  );
}
