import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTrustEntry, verifyPackage } from "@opsconductor/sdk/node";
import { runCli } from "../../sdk/src/cli/main.ts";
import { buildAddons, CORE_KEY_NAME } from "./addons.ts";

const BUILTIN = fileURLToPath(new URL("../../addons-builtin/", import.meta.url));

test("built-ins are built, signed with the core key (made once, mode 0600) and packed; an unchanged tree is skipped", async () => {
  const root = mkdtempSync(join(tmpdir(), "oc-build-addons-"));
  // Only the webhook: the other built-ins have tests of their own, and may be half-written in a working tree.
  const options = { outDir: join(root, "out"), keyDir: join(root, "keys"), log: () => {}, only: ["opsconductor.webhook"] };
  const { built: first, failed } = await buildAddons(options);
  assert.deepEqual(failed, []);
  assert.equal(first.length, 1);
  assert.ok(first.every((addon) => addon.rebuilt));
  assert.equal(statSync(join(root, "keys", `${CORE_KEY_NAME}.key`)).mode & 0o777, 0o600);
  const publicKey = readFileSync(join(root, "keys", `${CORE_KEY_NAME}.pub`), "utf8");
  const trust = [createTrustEntry(publicKey, { publisher: "OpsConductor", idPrefixes: ["opsconductor."], level: "core" })];
  for (const addon of first) {
    const verified = verifyPackage(addon.zip, { trust });
    assert.equal(verified.manifest.id, addon.id);
    assert.equal(verified.trust.level, "core");
  }
  assert.deepEqual(readdirSync(options.outDir).filter((name) => !name.startsWith(".")).sort(), first.map((addon) => `${addon.id}-${addon.version}.zip`).sort());
  assert.ok(!existsSync(join(BUILTIN, "opsconductor.webhook", "build")), "the source tree is left clean");

  const { built: second } = await buildAddons(options);
  assert.ok(second.every((addon) => !addon.rebuilt), "nothing changed, nothing rebuilt");
});

// Every built-in's fixtures, replayed as an author would: a regression in any normalizer or seed shows here.
for (const id of readdirSync(BUILTIN).filter((name) => existsSync(join(BUILTIN, name, "manifest.json"))).sort()) {
  test(`${id}: its fixtures pass (oc-addon test)`, async () => {
    let output = "";
    const status = await runCli(["test"], { cwd: join(BUILTIN, id), out: (text) => (output += text), err: (text) => (output += text) });
    assert.equal(status, 0, output);
    const [, passed] = /^(\d+) passed, 0 failed$/m.exec(output) ?? [];
    assert.ok(Number(passed) >= 5, `at least five fixture cases ran: ${output}`);
  });
}
