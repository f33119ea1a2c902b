import { Fragment } from "preact";
import { useState } from "preact/hooks";
import {
  deleteConnector, pollConnector, rotateWebhookToken, testConnector, updateConnector, type AddonListing, type ConnectorRecord,
} from "../../api/connectors.ts";
import { useApp } from "../../app/context.ts";
import { formatTimestamp, timeAgo } from "../../lib/format.ts";
import { ActionOutcome, isShown, type Outcome, type RowAction } from "./ActionOutcome.tsx";
import { CountersCell } from "./CountersCell.tsx";
import { StatusCell } from "./StatusCell.tsx";
import { webhookTokenOf, type WebhookToken } from "./WebhookTokenNotice.tsx";

/** The table's columns with the actions one: the outcome row spans them. */
const COLUMN_COUNT = 10;

/** What a row's actions tell the page. */
export interface ConnectorRowHandlers {
  onEdit: (connector: ConnectorRecord) => void;
  onChanged: (connector: ConnectorRecord) => void;
  onDeleted: (id: string) => void;
  onToken: (token: WebhookToken) => void;
  /** A poll changed the connector's status and times: the list reloads. */
  onPolled: () => void;
}

interface Props extends ConnectorRowHandlers {
  connector: ConnectorRecord;
  addon: AddonListing | undefined;
  now: number;
  /** Operators and admins; viewers get no actions. */
  operator: boolean;
}

/** Actions that change or drop something are confirmed first. */
type Confirming = "delete" | "rotate" | null;

/** One connector: its state, and for operators its actions (edit, test, poll now, enable/disable, rotate token, delete) with their outcome below. */
export function ConnectorRow({ connector, addon, now, operator, onEdit, onChanged, onDeleted, onToken, onPolled }: Props) {
  const { client } = useApp();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const busy = outcome?.state === "running";
  const polls = addon?.capabilities.includes("polling") ?? false;

  const run = async <T,>(action: RowAction, request: () => Promise<T>, done: (answer: T) => Outcome | null) => {
    setConfirming(null);
    setOutcome({ action, state: "running", since: Date.now() });
    try {
      setOutcome(done(await request()));
    } catch (error) {
      setOutcome({ action, state: "failed", error });
    }
  };

  const test = () => run("test", () => testConnector(client, connector.id), (result) => ({ action: "test", state: "tested", result }));
  const poll = () => run("poll", () => pollConnector(client, connector.id), (answer) => {
    onPolled();
    return { action: "poll", state: "polled", run: answer };
  });
  const toggle = () => run("toggle", () => updateConnector(client, connector.id, { enabled: !connector.enabled }), (updated) => {
    onChanged(updated);
    return null;
  });
  const rotate = () => run("rotate", () => rotateWebhookToken(client, connector.id), (answer) => {
    onToken(webhookTokenOf(connector, answer.webhook_token));
    return null;
  });
  const remove = () => run("delete", () => deleteConnector(client, connector.id), () => {
    onDeleted(connector.id);
    return null;
  });

  const notEnabled = connector.enabled ? undefined : "Enable the connector first";
  return (
    <Fragment>
      <tr data-connector-id={connector.id} class={connector.enabled ? undefined : "dim"}>
        <td><strong class="connector-name">{connector.name}</strong><div class="muted small mono">{connector.id}</div></td>
        <td class="small">{addon?.name ?? connector.addon_id}<div class="muted mono">{connector.addon_id}</div></td>
        <td>{connector.enabled ? "yes" : <span class="muted">no</span>}</td>
        <td>{connector.running ? "yes" : <span class="muted">no</span>}</td>
        <td><StatusCell connector={connector} onEdit={operator ? () => onEdit(connector) : undefined} /></td>
        <td class="c-time" title={formatTimestamp(connector.last_poll_at)}>{timeAgo(connector.last_poll_at, now)}</td>
        <td class="c-time" title={formatTimestamp(connector.last_success_at)}>{timeAgo(connector.last_success_at, now)}</td>
        <td class={`c-num${connector.consecutive_failures > 0 ? " failures" : ""}`}>{connector.consecutive_failures}</td>
        <CountersCell counters={connector.counters} webhook={connector.webhook} />
        {operator && (
          <td class="c-actions">
            {confirming !== null ? (
              <span class="confirm">
                {confirming === "delete" ? "Delete this connector?" : "Rotate? The old token stops working."}
                <button type="button" class="btn small danger" onClick={confirming === "delete" ? remove : rotate}>
                  {confirming === "delete" ? "Delete" : "Rotate"}
                </button>
                <button type="button" class="btn small ghost" onClick={() => setConfirming(null)}>Keep</button>
              </span>
            ) : (
              <span class="row-actions">
                <button type="button" class="btn small ghost" disabled={busy} onClick={() => onEdit(connector)}>Edit</button>
                <button type="button" class="btn small ghost" disabled={busy || !connector.enabled} title={notEnabled} onClick={test}>Test connection</button>
                {polls && <button type="button" class="btn small ghost" disabled={busy || !connector.enabled} title={notEnabled} onClick={poll}>Poll now</button>}
                <button type="button" class="btn small ghost" disabled={busy} onClick={toggle}>{connector.enabled ? "Disable" : "Enable"}</button>
                {connector.webhook && <button type="button" class="btn small ghost" disabled={busy} onClick={() => setConfirming("rotate")}>Rotate token</button>}
                <button type="button" class="btn small ghost" disabled={busy} onClick={() => setConfirming("delete")}>Delete</button>
              </span>
            )}
          </td>
        )}
      </tr>
      {outcome && isShown(outcome) && (
        <tr class="outcome-row" data-outcome={outcome.action} data-outcome-state={outcome.state}>
          <td colSpan={operator ? COLUMN_COUNT : COLUMN_COUNT - 1}>
            <ActionOutcome outcome={outcome} onDismiss={() => setOutcome(null)} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
