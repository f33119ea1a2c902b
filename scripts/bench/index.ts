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
console.log(`OpsConductor bench — ${new Date().toISOString()} — ${machine()}`);
for (const [name, run] of Object.entries(sections)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
record({ section: "process", name: "peak RSS of the bench process", value: peakRssMb(), unit: "MB" });
