// npm run bench: prints every figure the README quotes, with the machine it ran on.
import { benchAddons } from "./addons.ts";
import { benchAlerts } from "./alerts.ts";
import { benchPrtg } from "./prtg.ts";
import { benchSandbox } from "./sandbox.ts";
import { benchTraps } from "./traps.ts";
import { benchWebhooks } from "./webhooks.ts";
import { machine, peakRssMb, record } from "./report.ts";

const sections: Record<string, () => Promise<void>> = {
  alerts: benchAlerts,
  sandbox: benchSandbox,
  addons: benchAddons,
  webhooks: benchWebhooks,
  traps: benchTraps,
  prtg: benchPrtg,
};

const only = process.argv.slice(2);
if (only.some((arg) => arg === "--help" || arg === "-h")) {
  console.log(`usage: ./opsconductor bench [${Object.keys(sections).join("|")} ...]   (npm run bench -- SECTION ...)

Runs every section (about 12 minutes on 2 cores), or the ones named, and prints each figure beside
the reference it is judged against. Installs prometheus-alertmanager and snmptrapd with apt-get when
they are missing (and says so). Uses temp directories only: no --data.`);
  process.exit(0);
}
const unknown = only.filter((name) => !Object.hasOwn(sections, name));
if (unknown.length) {
  console.error(`CLI_USAGE: unknown bench section ${unknown.map((name) => `"${name}"`).join(", ")} (${Object.keys(sections).join(", ")})`);
  process.exit(2);
}
console.log(`OpsConductor bench — ${new Date().toISOString()} — ${machine()}`);
for (const [name, run] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
record({ section: "process", name: "peak RSS of the bench process", value: peakRssMb(), unit: "MB" });
