import type { AddonAction, AddonListing } from "../../api/addons.ts";

/** The confirmations a row can ask for (the other actions run at once). */
export type Confirmation = "rollback" | "uninstall";

interface Props {
  addon: AddonListing;
  disabled: boolean;
  onRun: (action: AddonAction) => void;
  onAsk: (confirmation: Confirmation) => void;
}

/** An addon's admin buttons; each names its addon for screen readers, since every row has the same ones. */
export function AddonActions({ addon, disabled, onRun, onAsk }: Props) {
  const toggle: AddonAction = addon.enabled ? "disable" : "enable";
  return (
    <td class="c-actions">
      <button type="button" class="btn small ghost" disabled={disabled} aria-label={`${addon.enabled ? "Disable" : "Enable"} ${addon.name}`}
        onClick={() => onRun(toggle)}>{addon.enabled ? "Disable" : "Enable"}</button>
      {addon.previous_version && (
        <button type="button" class="btn small ghost" disabled={disabled} aria-label={`Roll back ${addon.name} to ${addon.previous_version}`}
          onClick={() => onAsk("rollback")}>Roll back</button>
      )}
      <button type="button" class="btn small ghost" disabled={disabled} aria-label={`Uninstall ${addon.name}`}
        onClick={() => onAsk("uninstall")}>Uninstall</button>
    </td>
  );
}
