// The addon endpoints (DESIGN §6) and their answers. The shapes are the host's own types
// (type-only imports: erased by esbuild and Node, checked by tsc).
import type { AddonListing } from "../../../host/src/addons/listing.ts";
import type { ConnectorDisposition, InstallOutcome } from "../../../host/src/addons/manager.ts";
import type { ApiClient } from "./client.ts";

export type { AddonListing, ConnectorDisposition, InstallOutcome };
export type AddonRuntimeStats = NonNullable<AddonListing["stats"]>;

/** GET /addons: every installed addon, and whether the daemon runs in dev mode (unsigned addons accepted). */
export interface AddonList {
  items: AddonListing[];
  dev: boolean;
}

export interface UninstallOutcome {
  id: string;
  connectors: ConnectorDisposition;
  removedConnectors: string[];
}

/** The admin actions that answer the addon as it is afterwards. */
export type AddonAction = "enable" | "disable" | "rollback";

export function listAddons(client: ApiClient, signal?: AbortSignal): Promise<AddonList> {
  return client.get<AddonList>("/addons", undefined, signal);
}

/** Installs or upgrades from a zip; `force` allows a downgrade. */
export function installAddon(client: ApiClient, zip: Blob, force: boolean): Promise<InstallOutcome> {
  return client.postBinary<InstallOutcome>("/addons/install", zip, "application/zip", force ? { force: "1" } : undefined);
}

export function runAddonAction(client: ApiClient, id: string, action: AddonAction): Promise<AddonListing> {
  return client.post<AddonListing>(`/addons/${encodeURIComponent(id)}/${action}`);
}

/** Removes the addon; its connectors are kept (disabled) or removed with it. */
export function uninstallAddon(client: ApiClient, id: string, connectors: ConnectorDisposition): Promise<UninstallOutcome> {
  return client.request<UninstallOutcome>("DELETE", `/addons/${encodeURIComponent(id)}`, { query: { connectors } });
}
