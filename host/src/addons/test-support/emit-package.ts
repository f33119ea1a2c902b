// Test support: the runtime's emit fixture (runtime/test-support/fixtures/emit-addon.ts) as a
// signed package, so a test can install it: its poll pushes `config.emit` through ctx.emit.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddonCapability } from "@opsconductor/sdk";
import { fixtureSource } from "../../runtime/test-support/build-addon.ts";
import { packAddon, testManifest, writeAddonSource, type TestSigner } from "./build-package.ts";

export function emitManifest(id: string, capabilities: AddonCapability[]): Record<string, unknown> {
  return testManifest({
    id, name: `Emitter ${id}`, description: "Pushes configured events through ctx.emit.", capabilities,
    properties: { emit: { type: "array", items: { type: "object" } } }, required: ["emit"],
  });
}

/** Builds, signs and packs the emit fixture as addon `id` with the given manifest capabilities. */
export async function emitPackage(signer: TestSigner, id: string, capabilities: AddonCapability[]): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "oc-emit-"));
  writeAddonSource(dir, emitManifest(id, capabilities), readFileSync(fixtureSource("emit-addon"), "utf8"));
  return packAddon(dir, signer);
}
