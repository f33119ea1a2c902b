// Normalize throughput through the isolate runtime beside the same normalizer class
// called in-process (batches of 1,000; the runtime's own bench helper does the timing),
// for events as JSON text (as sources deliver them) and as host objects.
import { benchNormalize, type NormalizePathResult } from "../../host/src/runtime/bench.ts";
import { record } from "./report.ts";

export async function benchSandbox(): Promise<void> {
  const result = await benchNormalize({ batchSize: 1_000 });
  const paths: Array<[string, NormalizePathResult]> = [["events as JSON text", result.fromJson], ["events as host objects", result.fromObjects]];
  for (const [input, path] of paths) {
    record({ section: "sandbox", name: `normalize in-process, ${input}`, value: path.inProcessEventsPerSec, unit: "events/s" });
    record({
      section: "sandbox", name: `normalize through the isolate, ${input}`, value: path.isolateEventsPerSec, unit: "events/s",
      note: `${path.ratio}x in-process, results ${path.equivalent ? "identical" : "DIFFERENT"}`,
    });
  }
  const floorRatio = Math.round((result.objectCopyFloorMs / result.fromObjects.inProcessMs) * 100) / 100;
  record({
    section: "sandbox", name: "copying the object batches in, nothing else", value: Math.round(result.events / (result.objectCopyFloorMs / 1000)), unit: "events/s",
    note: `${floorRatio}x in-process normalize: the floor of the object path`,
  });
}
