import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { OcError, type ErrorData } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { emptyMappingSnapshot } from "../alerts/mappings.ts";
import { parseSeedMappings, seedToMappingSnapshot } from "../manifest/seed.ts";
import { loadFixtureDir } from "../testing/load-fixtures.ts";
import { formatReplayReport, type FixtureResult } from "../testing/replay.ts";
import { ADDON_PATHS, readAddonManifest, requireExists } from "./addon-dir.ts";
import { parseVerbArgs, usageError, type Command } from "./command.ts";
import type { ReplayJob } from "./test-worker.ts";

export const testCommand: Command = {
  name: "test",
  summary: "replay fixtures/*.json through the normalizer and diff",
  help: `Usage: oc-addon test [--timeout SECONDS]

Bundles src/index.ts (as build does), builds the normalizer with the mapping
snapshot the host would give it right after install (from seed/mappings.json),
replays every raw event of fixtures/*.json through it and compares the result
with the expected alert (null: the event type is disabled). Prints each
differing field and an "N passed, N failed" line; exits 1 on any failure.
The replay runs in a thread of its own: a normalizer that has not finished
every fixture within --timeout seconds (default 30) is stopped, FIXTURES_TIMEOUT.`,

  async run(args, context) {
    const { values } = parseVerbArgs("test", args, { timeout: { type: "string" } });
    const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw usageError("test", "--timeout takes a number of seconds above 0");
    const dir = context.cwd;
    const manifest = readAddonManifest(dir);
    requireExists(join(dir, ADDON_PATHS.entry), "the addon's entry point is src/index.ts");
    const seedPath = join(dir, ADDON_PATHS.seed);
    const snapshot = existsSync(seedPath)
      ? seedToMappingSnapshot(manifest.id, parseSeedMappings(readFileSync(seedPath)))
      : emptyMappingSnapshot(manifest.id);
    const fixtures = loadFixtureDir(join(dir, ADDON_PATHS.fixtures));
    if (fixtures.length === 0) throw new OcError(SdkErrorCodes.FIXTURES_FAILED, "no fixtures: add recorded events to fixtures/*.json");
    const results = await replayInThread({ dir, snapshot, fixtures }, timeoutSeconds);
    context.out(formatReplayReport(results));
    const failed = results.filter((r) => !r.passed).length;
    if (failed > 0) throw new OcError(SdkErrorCodes.FIXTURES_FAILED, `${failed} of ${results.length} fixtures failed`);
  },
};

const DEFAULT_TIMEOUT_SECONDS = 30;

/** Loads the addon and replays the fixtures in a worker thread, stopped after `timeoutSeconds`. */
function replayInThread(job: ReplayJob, timeoutSeconds: number): Promise<FixtureResult[]> {
  const worker = new Worker(new URL("./test-worker.ts", import.meta.url), { workerData: job });
  return new Promise<FixtureResult[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new OcError(SdkErrorCodes.FIXTURES_TIMEOUT,
        `the normalizer had not finished the ${job.fixtures.length} fixtures after ${timeoutSeconds} s (an endless loop?); stopped`));
    }, timeoutSeconds * 1000);
    worker.once("message", (message: { results?: FixtureResult[]; error?: ErrorData }) => {
      clearTimeout(timer);
      if (message.error) reject(OcError.fromData(message.error));
      else resolve(message.results!);
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // The addon's code ended the thread (process.exit) without an answer: not a hang to wait out.
    worker.once("exit", (code) => {
      clearTimeout(timer);
      reject(new OcError(SdkErrorCodes.FIXTURES_FAILED, `the replay ended (exit code ${code}) before it had a result: does the addon call process.exit?`));
    });
  }).finally(() => worker.terminate());
}
