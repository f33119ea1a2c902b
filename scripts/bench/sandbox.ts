// Normalize throughput through the isolate runtime beside the same normalizer class
// called in-process (batches of 1,000; the runtime's own bench helper does the timing).
import { benchNormalize } from "../../host/src/runtime/bench.ts";
import { record } from "./report.ts";

export async function benchSandbox(): Promise<void> {
  const result = await benchNormalize({ batchSize: 1_000 });
  record({ section: "sandbox", name: "normalize in-process", value: result.inProcessEventsPerSec, unit: "events/s" });
  record({
    section: "sandbox", name: "normalize through the isolate runtime", value: result.isolateEventsPerSec, unit: "events/s",
    note: `${result.ratio}x in-process, results ${result.equivalent ? "identical" : "DIFFERENT"}`,
  });
}
