import { useState } from "preact/hooks";
import type { AddonListing, ConnectorDisposition } from "../../api/addons.ts";

interface Props {
  addon: AddonListing;
  onConfirm: (connectors: ConnectorDisposition) => void;
  onCancel: () => void;
}

/** Asks before uninstalling, and what becomes of the addon's connectors (kept disabled by default: their config survives). */
export function UninstallConfirm({ addon, onConfirm, onCancel }: Props) {
  const [connectors, setConnectors] = useState<ConnectorDisposition>("keep");
  const count = addon.connectors;
  return (
    <div class="addon-confirm" role="group" aria-label={`Uninstall ${addon.name}`}>
      <span>Uninstall {addon.name}? Its files, its database and its seeded mappings are removed.</span>
      {count > 0 && (
        <fieldset class="addon-connector-choice">
          <legend>Its {count} connector{count === 1 ? "" : "s"}</legend>
          <label><input type="radio" name={`connectors-${addon.id}`} checked={connectors === "keep"} onChange={() => setConnectors("keep")} />
            Keep, disabled</label>
          <label><input type="radio" name={`connectors-${addon.id}`} checked={connectors === "remove"} onChange={() => setConnectors("remove")} />
            Remove</label>
        </fieldset>
      )}
      <span class="addon-confirm-buttons">
        <button type="button" class="btn small danger" onClick={() => onConfirm(connectors)}>Uninstall</button>
        <button type="button" class="btn small ghost" onClick={onCancel}>Cancel</button>
      </span>
    </div>
  );
}
