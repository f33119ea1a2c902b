// The replay of `oc-addon test`, in a thread of its own so that a normalizer that never returns
// can be stopped (worker.terminate() ends a busy loop; nothing can in the main thread).
import { parentPort, workerData } from "node:worker_threads";
import type { MappingSnapshot } from "../alerts/mappings.ts";
import { toErrorData } from "../errors/oc-error.ts";
import type { LoadedFixture } from "../testing/load-fixtures.ts";
import { replayFixtures } from "../testing/replay.ts";
import { loadAddonSource } from "./load-addon.ts";

/** What the thread is given: the addon folder, the mapping snapshot, the parsed fixtures. */
export interface ReplayJob {
  dir: string;
  snapshot: MappingSnapshot;
  fixtures: LoadedFixture[];
}

const { dir, snapshot, fixtures } = workerData as ReplayJob;
try {
  const addon = await loadAddonSource(dir);
  parentPort!.postMessage({ results: replayFixtures(new addon.normalizer(snapshot), fixtures) });
} catch (error) {
  parentPort!.postMessage({ error: toErrorData(error, "INTERNAL") });
}
