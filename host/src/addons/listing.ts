import type { AddonRuntimeStats } from "../runtime/types.ts";
import type { InstalledAddon } from "./installed-addons.ts";

/** An installed addon as GET /addons shows it. */
export interface AddonListing {
  id: string;
  name: string;
  version: string;
  previous_version: string | null;
  category: string;
  description: string;
  publisher: string;
  runtime: string;
  trust_level: string;
  key_id: string | null;
  capabilities: string[];
  permissions: string[];
  enabled: boolean;
  status: string;
  status_code: string | null;
  status_message: string | null;
  /** Shown on every listing: unsigned (dev mode), refused, failed to load. */
  warnings: string[];
  connectors: number;
  /** Runtime counters of the loaded version (polls, failures, restarts, CPU, heap, capability calls and bytes). */
  stats: AddonRuntimeStats | null;
  installed_at: string;
  updated_at: string;
}

export function warningsOf(addon: InstalledAddon): string[] {
  const warnings: string[] = [];
  if (addon.trust_level === "unsigned") warnings.push("unsigned: loaded only because the daemon runs in dev mode");
  if (addon.status === "refused") {
    warnings.push(`refused: ${addon.status_code}: ${addon.status_message} (it is not loaded; install a good package or remove it)`);
  }
  if (addon.status === "failed") warnings.push(`failed to load: ${addon.status_code}: ${addon.status_message}`);
  return warnings;
}

export function toListing(addon: InstalledAddon, connectors: number, stats: AddonRuntimeStats | undefined): AddonListing {
  const { manifest } = addon;
  return {
    id: addon.id, name: addon.name, version: addon.version, previous_version: addon.previous_version, category: addon.category,
    description: manifest.description, publisher: manifest.publisher, runtime: addon.runtime, trust_level: addon.trust_level,
    key_id: addon.key_id, capabilities: [...manifest.capabilities], permissions: [...manifest.permissions], enabled: addon.enabled,
    status: addon.status, status_code: addon.status_code, status_message: addon.status_message, warnings: warningsOf(addon),
    connectors, stats: stats ?? null, installed_at: addon.installed_at, updated_at: addon.updated_at,
  };
}
