// Child process of install-crash.test.ts: one addon operation on a data dir, killed by kill-at.mjs
// part way. Arguments: data dir, trust entry (JSON), then "install ZIP" or "uninstall ID".
import { readFileSync } from "node:fs";
import { createHarness } from "../../../host/src/addons/test-support/harness.ts";

const [dataDir, trustJson, action, arg] = process.argv.slice(2) as [string, string, string, string];
const h = await createHarness({ dataDir, trust: [JSON.parse(trustJson)] });
if (action === "install") await h.platform.manager.install(readFileSync(arg));
else await h.platform.manager.uninstall(arg);
await h.close();
console.log("finished");
