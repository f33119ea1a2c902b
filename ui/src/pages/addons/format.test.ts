import { test } from "node:test";
import assert from "node:assert/strict";
import type { AddonListing, AddonRuntimeStats, InstallOutcome } from "../../api/addons.ts";
import { FORCE_LABEL, formatBytes, installHint, installSummary, statsFacts, uninstallSummary } from "./format.ts";

const addon = { id: "acme.probe", name: "Acme probe", version: "1.1.0" } as AddonListing;
const outcome = (replaced: string | null): InstallOutcome => ({ addon, replaced, warnings: [] });

test("formatBytes uses decimal units with one decimal below 10", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1500), "1.5 kB");
  assert.equal(formatBytes(12_345), "12 kB");
  assert.equal(formatBytes(3_400_000), "3.4 MB");
  assert.equal(formatBytes(7_000_000_000_000), "7000 GB");
});

test("statsFacts lists the counters in reading order, CPU as a duration and heap in bytes", () => {
  const stats = { polls: 12, failures: 1, restarts: 0, cpuTimeMs: 1250, heapUsedBytes: 2_100_000, capabilityCalls: 40 } as AddonRuntimeStats;
  assert.deepEqual(statsFacts(stats).map(({ label, value }) => `${label} ${value}`),
    ["polls 12", "failures 1", "restarts 0", "CPU 1.3 s", "heap 2.1 MB", "capability calls 40"]);
});

test("installSummary tells a first install from an upgrade or downgrade and from a repair", () => {
  assert.equal(installSummary(outcome(null)), "Installed Acme probe 1.1.0.");
  assert.equal(installSummary(outcome("1.0.0")), "Replaced Acme probe 1.0.0 with 1.1.0.");
  assert.equal(installSummary(outcome("2.0.0")), "Replaced Acme probe 2.0.0 with 1.1.0.");
  assert.equal(installSummary(outcome("1.1.0")), "Reinstalled Acme probe 1.1.0 over its refused or failed copy.");
});

test("uninstallSummary says what became of the connectors", () => {
  assert.equal(uninstallSummary("Acme probe", { id: "acme.probe", connectors: "keep", removedConnectors: [] }),
    "Uninstalled Acme probe; its connectors are kept, disabled.");
  assert.equal(uninstallSummary("Acme probe", { id: "acme.probe", connectors: "remove", removedConnectors: ["a"] }),
    "Uninstalled Acme probe; 1 connector removed.");
  assert.equal(uninstallSummary("Acme probe", { id: "acme.probe", connectors: "remove", removedConnectors: [] }),
    "Uninstalled Acme probe; 0 connectors removed.");
});

test("installHint points a downgrade at the force checkbox, and has nothing for a bad package", () => {
  assert.match(installHint("ADDON_DOWNGRADE")!, new RegExp(FORCE_LABEL.replace(/[()]/g, "\\$&")));
  assert.ok(installHint("ADDON_VERSION_INSTALLED"));
  assert.equal(installHint("ADDON_FILE_TAMPERED"), undefined);
});
