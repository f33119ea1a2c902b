// Runs in its own process so its RSS is the daemon-like footprint of the addon
// platform alone: install-to-active time of a signed addon, then RSS with 12 addons
// loaded, each with one connector instance in its own isolate. Prints one JSON line.
import { startDeviceServer } from "../../host/src/addons/test-support/device-server.ts";
import { createHarness } from "../../host/src/addons/test-support/harness.ts";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";

const ADDONS = 12;
const signer = testSigner(["acme."]);
const zips = await Promise.all(Array.from({ length: ADDONS }, (_, i) => probePackage(signer, { id: `acme.probe${i}` })));
const device = await startDeviceServer("u", "p");
const harness = await createHarness({ trust: [signer.entry] });
const rssBefore = process.memoryUsage().rss;

const installMs: number[] = [];
for (const [i, zip] of zips.entries()) {
  const started = performance.now();
  const outcome = await harness.platform.manager.install(zip);
  if (outcome.addon.status !== "active") throw new Error(`acme.probe${i} is ${outcome.addon.status}`);
  installMs.push(performance.now() - started);
  await harness.platform.connectors.create({
    addon_id: `acme.probe${i}`, name: `probe ${i}`,
    config: { targets: [{ id: "dev1", host: "127.0.0.1", port: device.port, name: "dev1" }], username: "u", password: "p" },
  });
}
globalThis.gc?.();
const rssLoaded = process.memoryUsage().rss;
const sorted = [...installMs].sort((a, b) => a - b);
console.log(JSON.stringify({
  firstInstallMs: installMs[0], medianInstallMs: sorted[Math.floor(sorted.length / 2)], maxInstallMs: sorted.at(-1),
  rssBeforeMb: rssBefore / 2 ** 20, rssLoadedMb: rssLoaded / 2 ** 20, addons: ADDONS,
}));
await harness.close();
await device.close();
