import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
// The SDK's own bundler (what `oc-addon build` runs); not part of the SDK's public entry.
import { bundleAddon } from "../../../../sdk/src/cli/bundle-addon.ts";

const built = new Map<string, Promise<string>>();

/** Path of a fixture addon source in test-support/fixtures. */
export function fixtureSource(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
}

/**
 * Bundles an addon source exactly as `oc-addon build` does: one ESM file with the SDK
 * inside, importing nothing. Memoized per path (tests build the same fixtures often).
 */
export function buildAddonBundle(entry: string): Promise<string> {
  let bundle = built.get(entry);
  if (!bundle) {
    bundle = bundleAddon(dirname(entry), basename(entry)).then((result) => result.code);
    built.set(entry, bundle);
  }
  return bundle;
}
