import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { isAddonDefinition, type AddonDefinition } from "../addon/define.ts";
import { ADDON_PATHS } from "./addon-dir.ts";
import { bundleAddon } from "./bundle-addon.ts";

/**
 * Loads an addon's source the way it will ship: bundled by esbuild (the same
 * rules as `build`, plus an inline source map so stack traces point at the
 * TypeScript), written to a temporary file, imported, then the file removed.
 * Throws `ADDON_DEFINITION_INVALID` if the default export is not `defineAddon(...)`.
 *
 * @example
 * const addon = await loadAddonSource(process.cwd());
 * const normalizer = new addon.normalizer(snapshot);
 */
export async function loadAddonSource(addonDir: string): Promise<AddonDefinition> {
  const { code } = await bundleAddon(addonDir, ADDON_PATHS.entry, { sourcemap: true });
  const dir = mkdtempSync(join(tmpdir(), "oc-addon-test-"));
  try {
    const file = join(dir, "backend.mjs");
    writeFileSync(file, code);
    process.setSourceMapsEnabled(true);
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    if (!isAddonDefinition(module.default)) {
      throw new OcError(SdkErrorCodes.ADDON_DEFINITION_INVALID,
        "src/index.ts must `export default defineAddon({ connector, normalizer })`");
    }
    return module.default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
