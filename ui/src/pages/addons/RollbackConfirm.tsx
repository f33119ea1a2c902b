import type { AddonListing } from "../../api/addons.ts";

interface Props {
  addon: AddonListing;
  previous: string;
  onConfirm: () => void;
  onCancel: () => void;
}

export function RollbackConfirm({ addon, previous, onConfirm, onCancel }: Props) {
  return (
    <div class="addon-confirm" role="group" aria-label={`Roll back ${addon.name}`}>
      <span>
        Roll {addon.name} back from {addon.version} to {previous}? Its connectors move to {previous} without a restart.
      </span>
      <span class="addon-confirm-buttons">
        <button type="button" class="btn small danger" onClick={onConfirm}>Roll back to {previous}</button>
        <button type="button" class="btn small ghost" onClick={onCancel}>Cancel</button>
      </span>
    </div>
  );
}
