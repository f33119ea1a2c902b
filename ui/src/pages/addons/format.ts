import type { AddonRuntimeStats, InstallOutcome, UninstallOutcome } from "../../api/addons.ts";
import { formatDuration } from "../../lib/format.ts";

/** The install form's checkbox; the downgrade hint names it. */
export const FORCE_LABEL = "Allow downgrade (force)";

/** "512 B", "1.5 kB", "12.3 MB" (decimal units, as browsers show downloads). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The runtime counters of a loaded addon, labelled, in reading order. */
export function statsFacts(stats: AddonRuntimeStats): Array<{ label: string; value: string }> {
  return [
    { label: "polls", value: String(stats.polls) },
    { label: "failures", value: String(stats.failures) },
    { label: "restarts", value: String(stats.restarts) },
    { label: "CPU", value: formatDuration(stats.cpuTimeMs) },
    { label: "heap", value: formatBytes(stats.heapUsedBytes) },
    { label: "capability calls", value: String(stats.capabilityCalls) },
  ];
}

/** What an install did: a first install, or which version it replaced (an upgrade, a forced downgrade, a repair). */
export function installSummary(outcome: InstallOutcome): string {
  const { name, version } = outcome.addon;
  if (outcome.replaced === null) return `Installed ${name} ${version}.`;
  if (outcome.replaced === version) return `Reinstalled ${name} ${version} over its refused or failed copy.`;
  return `Replaced ${name} ${outcome.replaced} with ${version}.`;
}

export function uninstallSummary(name: string, outcome: UninstallOutcome): string {
  if (outcome.connectors === "keep") return `Uninstalled ${name}; its connectors are kept, disabled.`;
  const count = outcome.removedConnectors.length;
  return `Uninstalled ${name}; ${count} connector${count === 1 ? "" : "s"} removed.`;
}

// What the admin can do about the install refusals that are not a bad package.
const INSTALL_HINTS: Partial<Record<string, string>> = {
  ADDON_DOWNGRADE: `This package is older than the installed version. Tick “${FORCE_LABEL}” to install it anyway, or use Roll back.`,
  ADDON_VERSION_INSTALLED: "This version is installed already; nothing changed.",
  ADDON_SIGNATURE_MISSING: "Unsigned packages are accepted only when the daemon runs in dev mode. Sign it with oc-addon sign.",
  ADDON_KEY_UNKNOWN: "The signing key is not trusted here. Trust it with: opsconductor trust add KEY.pub --prefix … --level …",
};

export function installHint(code: string): string | undefined {
  return INSTALL_HINTS[code];
}
