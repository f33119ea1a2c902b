import { useState } from "preact/hooks";
import type { AddonAction, AddonListing, ConnectorDisposition } from "../../api/addons.ts";
import type { Confirmation } from "./AddonActions.tsx";
import { AddonRow } from "./AddonRow.tsx";

interface Props {
  addons: AddonListing[];
  admin: boolean;
  /** The addon an action is running on; every row's buttons wait meanwhile (the daemon runs them one at a time anyway). */
  busyId: string | null;
  onRun: (addon: AddonListing, action: AddonAction) => void;
  onUninstall: (addon: AddonListing, connectors: ConnectorDisposition) => void;
}

const HEADINGS = ["Addon", "Version", "Category", "Publisher / trust", "Status", "Connectors", "Runtime"];

export function AddonsTable({ addons, admin, busyId, onRun, onUninstall }: Props) {
  const [asking, setAsking] = useState<{ id: string; confirmation: Confirmation } | null>(null);
  const columns = HEADINGS.length + (admin ? 1 : 0);
  return (
    <div class="table-wrap">
      <table class="grid addons-table" data-table="addons">
        <thead>
          <tr>
            {HEADINGS.map((heading) => <th key={heading} class={heading === "Connectors" ? "c-num" : undefined}>{heading}</th>)}
            {admin && <th class="c-actions"><span class="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {addons.map((addon) => (
            <AddonRow key={addon.id} addon={addon} columns={columns} admin={admin} busy={busyId !== null} working={busyId === addon.id}
              asking={asking?.id === addon.id ? asking.confirmation : null}
              onAsk={(confirmation) => setAsking(confirmation ? { id: addon.id, confirmation } : null)}
              onRun={(action) => { setAsking(null); onRun(addon, action); }}
              onUninstall={(connectors) => { setAsking(null); onUninstall(addon, connectors); }} />
          ))}
        </tbody>
      </table>
      {addons.length === 0 && <div class="empty">No addons installed.{admin ? " Install one from its .zip above." : ""}</div>}
    </div>
  );
}
