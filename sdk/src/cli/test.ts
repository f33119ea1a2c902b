import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { emptyMappingSnapshot } from "../alerts/mappings.ts";
import { parseSeedMappings, seedToMappingSnapshot } from "../manifest/seed.ts";
import { loadFixtureDir } from "../testing/load-fixtures.ts";
import { formatReplayReport, replayFixtures } from "../testing/replay.ts";
import { ADDON_PATHS, readAddonManifest, requireExists } from "./addon-dir.ts";
import { parseVerbArgs, type Command } from "./command.ts";
import { loadAddonSource } from "./load-addon.ts";

export const testCommand: Command = {
  name: "test",
  summary: "replay fixtures/*.json through the normalizer and diff",
  help: `Usage: oc-addon test

Bundles src/index.ts (as build does), builds the normalizer with the mapping
snapshot the host would give it right after install (from seed/mappings.json),
replays every raw event of fixtures/*.json through it and compares the result
with the expected alert (null: the event type is disabled). Prints each
differing field and an "N passed, N failed" line; exits 1 on any failure.`,

  async run(args, context) {
    parseVerbArgs("test", args, {});
    const dir = context.cwd;
    const manifest = readAddonManifest(dir);
    requireExists(join(dir, ADDON_PATHS.entry), "the addon's entry point is src/index.ts");
    const seedPath = join(dir, ADDON_PATHS.seed);
    const snapshot = existsSync(seedPath)
      ? seedToMappingSnapshot(manifest.id, parseSeedMappings(readFileSync(seedPath)))
      : emptyMappingSnapshot(manifest.id);
    const fixtures = loadFixtureDir(join(dir, ADDON_PATHS.fixtures));
    if (fixtures.length === 0) throw new OcError(SdkErrorCodes.FIXTURES_FAILED, "no fixtures: add recorded events to fixtures/*.json");
    const addon = await loadAddonSource(dir);
    const results = replayFixtures(new addon.normalizer(snapshot), fixtures);
    context.out(formatReplayReport(results));
    const failed = results.filter((r) => !r.passed).length;
    if (failed > 0) throw new OcError(SdkErrorCodes.FIXTURES_FAILED, `${failed} of ${results.length} fixtures failed`);
  },
};
