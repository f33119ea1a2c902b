import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSeedMappings } from "../manifest/seed.ts";
import { checkMigrations } from "../package/migration-check.ts";
import { loadFixtureDir } from "../testing/load-fixtures.ts";
import { ADDON_PATHS, PACKAGED_SOURCES, readAddonManifest, readTree, requireExists } from "./addon-dir.ts";
import { bundleAddon } from "./bundle-addon.ts";
import { loadAddonBundle } from "./load-addon.ts";
import { replaceAll } from "./replace-files.ts";
import { parseVerbArgs, type Command } from "./command.ts";

export const buildCommand: Command = {
  name: "build",
  summary: "bundle src/index.ts and the package files into build/",
  help: `Usage: oc-addon build

Bundles src/index.ts with esbuild into build/backend/index.js: one ESM module,
platform neutral, the SDK inside, importing nothing (the sandbox loads nothing
else). A Node built-in import fails the build (ADDON_NODE_BUILTIN). Then copies
${PACKAGED_SOURCES.join(", ")} into build/, after checking the manifest, the
seed, the fixtures and the migrations as the verifier will. build/ is replaced.`,

  async run(args, context) {
    parseVerbArgs("build", args, {});
    const dir = context.cwd;
    const manifest = readAddonManifest(dir);
    requireExists(join(dir, ADDON_PATHS.entry), "the addon's entry point is src/index.ts");
    if (existsSync(join(dir, ADDON_PATHS.seed))) parseSeedMappings(readFileSync(join(dir, ADDON_PATHS.seed)));
    loadFixtureDir(join(dir, ADDON_PATHS.fixtures));
    if (existsSync(join(dir, "migrations"))) checkMigrations(readTree(join(dir, "migrations"), dir));

    const bundle = await bundleAddon(dir, ADDON_PATHS.entry);
    for (const warning of bundle.warnings) context.err(`warning: ${warning}\n`);
    // What the host will load: refused here, not after it was signed, packed and uploaded.
    await loadAddonBundle(bundle.code);
    // Built aside and checked, then put in place: a failed build leaves the previous one as it was.
    const out = join(dir, ADDON_PATHS.build);
    const aside = `${out}.${process.pid}.tmp`;
    let files: Map<string, Buffer>;
    try {
      mkdirSync(join(aside, "backend"), { recursive: true });
      writeFileSync(join(aside, "backend/index.js"), bundle.code);
      for (const source of PACKAGED_SOURCES) {
        if (existsSync(join(dir, source))) cpSync(join(dir, source), join(aside, source), { recursive: true, verbatimSymlinks: true });
      }
      files = readTree(aside);
      replaceAll([[aside, out]]);
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
    context.out(`built ${manifest.id} ${manifest.version} into build/ (${files.size} files, backend/index.js ${Math.ceil(bundle.code.length / 1024)} KiB)\n`);
  },
};
