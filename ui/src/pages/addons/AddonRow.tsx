import type { AddonAction, AddonListing, ConnectorDisposition } from "../../api/addons.ts";
import { AddonActions, type Confirmation } from "./AddonActions.tsx";
import { AddonStats } from "./AddonStats.tsx";
import { RollbackConfirm } from "./RollbackConfirm.tsx";
import { UninstallConfirm } from "./UninstallConfirm.tsx";

interface Props {
  addon: AddonListing;
  /** Columns of the table, for the full-width rows under this one. */
  columns: number;
  /** Admin buttons shown; false for operators and viewers. */
  admin: boolean;
  /** An action is running (on any addon): the buttons wait. */
  busy: boolean;
  /** The running action is this addon's. */
  working: boolean;
  asking: Confirmation | null;
  onAsk: (confirmation: Confirmation | null) => void;
  onRun: (action: AddonAction) => void;
  onUninstall: (connectors: ConnectorDisposition) => void;
}

/** One addon: its row, its warnings right under it (never hidden in a tooltip), and a confirmation when one is asked. */
export function AddonRow({ addon, columns, admin, busy, working, asking, onAsk, onRun, onUninstall }: Props) {
  const confirmation = asking === "rollback" && addon.previous_version
    ? <RollbackConfirm addon={addon} previous={addon.previous_version} onConfirm={() => onRun("rollback")} onCancel={() => onAsk(null)} />
    : asking === "uninstall" ? <UninstallConfirm addon={addon} onConfirm={onUninstall} onCancel={() => onAsk(null)} /> : null;
  return (
    <>
      <tr data-addon-id={addon.id} data-status={addon.status} data-enabled={String(addon.enabled)} data-version={addon.version}
        aria-busy={working}>
        <td class="c-addon">
          <div class="addon-name">{addon.name}</div>
          <div class="mono small muted">{addon.id}</div>
          {addon.description && <div class="small muted">{addon.description}</div>}
          <ul class="addon-capabilities" aria-label={`Capabilities of ${addon.name}`}>
            {addon.capabilities.map((capability) => <li key={capability} class="badge">{capability}</li>)}
          </ul>
        </td>
        <td class="c-version">
          <span class="mono">{addon.version}</span>
          {addon.previous_version && <div class="small muted">previous <span class="mono">{addon.previous_version}</span></div>}
        </td>
        <td class="small">{addon.category}</td>
        <td>
          <div class="small">{addon.publisher}</div>
          <span class={`badge trust-${addon.trust_level}`} title={addon.key_id ? `signing key ${addon.key_id}` : "not signed"}>{addon.trust_level}</span>
        </td>
        <td class="c-status">
          <span class={`badge addon-status-${addon.status}`}>{addon.status}</span>
          {!addon.enabled && <span class="badge addon-disabled">disabled</span>}
          {addon.status_code && <div class="small addon-status-detail"><code>{addon.status_code}</code> {addon.status_message}</div>}
        </td>
        <td class="c-num">{addon.connectors}</td>
        <td class="c-runtime">
          <span class="mono small">{addon.runtime}</span>
          {addon.stats ? <AddonStats stats={addon.stats} name={addon.name} /> : <div class="small muted">not loaded</div>}
        </td>
        {admin && <AddonActions addon={addon} disabled={busy} onRun={onRun} onAsk={onAsk} />}
      </tr>
      {addon.warnings.length > 0 && (
        <tr class="addon-warnings-row">
          <td colSpan={columns}>
            <ul class="addon-warning-list" aria-label={`Warnings for ${addon.name}`}>
              {addon.warnings.map((warning) => <li key={warning}>{warning}</li>)}
            </ul>
          </td>
        </tr>
      )}
      {confirmation && <tr class="addon-confirm-row"><td colSpan={columns}>{confirmation}</td></tr>}
    </>
  );
}
