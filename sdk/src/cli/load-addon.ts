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
 * Throws `ADDON_DEFINITION_INVALID` if the default export is not `defineAddon(...)`,
 * `ADDON_LOAD_FAILED` if the module throws while loading.
 *
 * @example
 * const addon = await loadAddonSource(process.cwd());
 * const normalizer = new addon.normalizer(snapshot);
 */
export async function loadAddonSource(addonDir: string): Promise<AddonDefinition> {
  const { code } = await bundleAddon(addonDir, ADDON_PATHS.entry, { sourcemap: true });
  process.setSourceMapsEnabled(true);
  return loadAddonBundle(code);
}

/**
 * Imports a built addon bundle (`build/backend/index.js`'s code) and returns its definition;
 * the same errors as {@link loadAddonSource}.
 *
 * @example
 * await loadAddonBundle(readFileSync("build/backend/index.js", "utf8")); // throws unless it is an addon
 */
export async function loadAddonBundle(code: string): Promise<AddonDefinition> {
  const dir = mkdtempSync(join(tmpdir(), "oc-addon-test-"));
  try {
    const file = join(dir, "backend.mjs");
    writeFileSync(file, code);
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    } catch (error) {
      throw new OcError(SdkErrorCodes.ADDON_LOAD_FAILED, `src/index.ts threw while loading: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!isAddonDefinition(module.default)) {
      throw new OcError(SdkErrorCodes.ADDON_DEFINITION_INVALID,
        "src/index.ts must `export default defineAddon({ connector, normalizer })`");
    }
    return module.default;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
