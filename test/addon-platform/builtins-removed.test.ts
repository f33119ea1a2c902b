// A built-in addon an admin uninstalled stays uninstalled across restarts (the start installs
// missing built-ins, which used to bring it back); installing it again by hand clears the mark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildAddons, CORE_KEY_NAME } from "../../scripts/build/addons.ts";
import { createHarness, request } from "../../host/src/addons/test-support/harness.ts";

const ID = "opsconductor.webhook";

test("an uninstalled built-in is not installed again at the next start; a manual install brings it back for good", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "oc-builtins-removed-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const builtins = { dir: join(root, "addons"), publicKeyFile: join(root, "keys", `${CORE_KEY_NAME}.pub`) };
  const built = await buildAddons({ outDir: builtins.dir, keyDir: join(root, "keys"), only: [ID], log: () => {} });
  assert.deepEqual(built.failed, []);
  const dataDir = join(root, "data");
  const start = () => createHarness({ dataDir, builtins });
  const listed = async (h: Awaited<ReturnType<typeof start>>) => (await request(h, "GET", `/addons/${ID}`, { as: "viewer" })).status;

  let h = await start();
  assert.equal(await listed(h), 200, "installed at the first start");
  assert.equal((await request(h, "DELETE", `/addons/${ID}`)).status, 200);
  await h.close();

  h = await start();
  assert.equal(await listed(h), 404, "still uninstalled after a restart");
  const zip = readFileSync(built.built[0]!.zip);
  assert.equal((await request(h, "POST", "/addons/install", { body: zip })).status, 201);
  await h.close();

  h = await start();
  t.after(() => h.close());
  assert.equal(await listed(h), 200, "installed by hand: kept, and upgraded by later starts again");
});
