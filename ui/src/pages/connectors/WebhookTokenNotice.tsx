import { useState } from "preact/hooks";
import type { ConnectorRecord } from "../../api/connectors.ts";

/** A webhook token just made (on create or rotate): the host keeps only its hash, so this is the one time it is seen. */
export interface WebhookToken {
  connectorName: string;
  /** `/api/v1/webhooks/<id>` */
  path: string;
  token: string;
}

export function webhookTokenOf(connector: Pick<ConnectorRecord, "id" | "name" | "webhook">, token: string): WebhookToken {
  return { connectorName: connector.name, path: connector.webhook?.path ?? `/api/v1/webhooks/${encodeURIComponent(connector.id)}`, token };
}

/** Shows a new webhook token once, with the URL a sender POSTs to, until the operator says it is saved. */
export function WebhookTokenNotice({ notice, onDismiss }: { notice: WebhookToken; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const url = new URL(notice.path, location.origin).href;
  // The Clipboard API exists only in secure contexts (https, localhost): elsewhere the token is selected by hand.
  const clipboard = globalThis.navigator?.clipboard;
  const copy = () => clipboard?.writeText(notice.token).then(() => setCopied(true), () => setCopied(false));
  return (
    <section class="token-notice" role="region" aria-label="Webhook token">
      <h2>Webhook token for {notice.connectorName}</h2>
      <p><strong>Shown only now.</strong> OpsConductor keeps only a hash of it: copy it into the sender. If it is lost, rotate it.</p>
      <dl class="facts">
        <dt>POST to</dt><dd><code data-testid="webhook-url" class="break">{url}</code></dd>
        <dt>Token</dt>
        <dd>
          <code data-testid="webhook-token" class="break">{notice.token}</code>
          {clipboard && <button type="button" class="btn small ghost" onClick={copy}>{copied ? "Copied" : "Copy"}</button>}
        </dd>
        <dt>Header</dt><dd><code>Authorization: Bearer &lt;token&gt;</code> <span class="muted small">(or X-OpsConductor-Token: &lt;token&gt;)</span></dd>
      </dl>
      <button type="button" class="btn small primary" onClick={onDismiss}>I have saved it</button>
    </section>
  );
}
