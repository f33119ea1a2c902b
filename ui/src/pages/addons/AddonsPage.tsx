import { useState } from "preact/hooks";
import { runAddonAction, uninstallAddon, type AddonAction, type AddonListing, type ConnectorDisposition } from "../../api/addons.ts";
import { useApp } from "../../app/context.ts";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { canAdmin } from "../../lib/roles.ts";
import { AddonsTable } from "./AddonsTable.tsx";
import { uninstallSummary } from "./format.ts";
import { InstallPanel } from "./InstallPanel.tsx";
import { useAddonList } from "./useAddonList.ts";

// What each action did, from the addon as the API answers it afterwards.
const NOTICE_AFTER: Record<AddonAction, (addon: AddonListing) => string> = {
  enable: (addon) => `Enabled ${addon.name} (${addon.status}).`,
  disable: (addon) => `Disabled ${addon.name}; its connectors are stopped.`,
  rollback: (addon) => `Rolled ${addon.name} back to ${addon.version}.`,
};

/**
 * The installed addons (`#/addons`): version, trust, status, warnings and runtime counters for
 * everyone; install, upgrade, enable, disable, roll back and uninstall for admins.
 */
export function AddonsPage() {
  const { client, user } = useApp();
  const { list, error, reload } = useAddonList(client);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const admin = canAdmin(user);

  // Every action ends with a fresh list, failed ones too: a failed enable leaves the addon refused or failed.
  const perform = async (id: string, work: () => Promise<string>) => {
    setBusyId(id);
    setActionError(null);
    setNotice(null);
    try {
      setNotice(await work());
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusyId(null);
      reload();
    }
  };
  const run = (addon: AddonListing, action: AddonAction) =>
    void perform(addon.id, async () => NOTICE_AFTER[action](await runAddonAction(client, addon.id, action)));
  const uninstall = (addon: AddonListing, connectors: ConnectorDisposition) =>
    void perform(addon.id, async () => uninstallSummary(addon.name, await uninstallAddon(client, addon.id, connectors)));

  return (
    <section class="addons-page">
      <div class="page-head">
        <h1>Addons</h1>
        {!admin && <span class="badge readonly" title="Only admins install and manage addons">read-only</span>}
        <span class="spacer" />
        <button type="button" class="btn small ghost" onClick={reload}>Refresh</button>
      </div>
      {list?.dev && (
        <p class="notice" role="note">
          Dev mode: unsigned addons are accepted and run with a warning. Do not run a production daemon this way.
        </p>
      )}
      {admin && <InstallPanel onInstalled={() => { setNotice(null); setActionError(null); reload(); }} />}
      {notice && <p class="addons-notice" role="status">{notice}</p>}
      {actionError !== null && <ErrorBox error={actionError} onDismiss={() => setActionError(null)} />}
      {error !== null && <ErrorBox error={error} onRetry={reload} />}
      {list === null && error === null && <p class="muted" aria-busy="true">Loading…</p>}
      {list !== null && <AddonsTable addons={list.items} admin={admin} busyId={busyId} onRun={run} onUninstall={uninstall} />}
    </section>
  );
}
