import { test } from "node:test";
import assert from "node:assert/strict";
import type { JobRecord } from "../scheduler/types.ts";
import { connectorPollKind } from "../connectors/connector-poll.ts";
import type { ConnectorInstances, RunningInstance } from "./instances.ts";
import { AddonPollExecutor } from "./poll-executor.ts";

/** The sandbox deadline the executor gives a poll of an instance polled every `pollIntervalS`. */
async function sandboxDeadline(pollIntervalS: number): Promise<number> {
  let deadlineMs = -1;
  const running = {
    connectorId: "c1", instanceId: "i1", targets: [], pollIntervalS,
    loaded: { runtime: { poll: async (_id: string, options: { deadlineMs: number }) => {
      deadlineMs = options.deadlineMs;
      return { connectorType: "acme.x", alerts: [], snapshot: false, targets: [] };
    } } },
  } as unknown as RunningInstance;
  const instances = { operate: (_id: string, work: (r: RunningInstance) => Promise<unknown>) => work(running) } as unknown as ConnectorInstances;
  await new AddonPollExecutor(instances).poll("c1", new AbortController().signal);
  return deadlineMs;
}

test("the sandbox's poll deadline is the connector.poll job's timeout: 80 % of the interval, short intervals included", async () => {
  const kind = connectorPollKind({} as never);
  for (const [intervalS, expected] of [[10, 8_000], [12, 9_600], [30, 24_000], [60, 48_000], [3_600, 300_000]] as const) {
    const jobTimeout = kind.timeoutMs!({ interval_s: intervalS } as JobRecord);
    assert.equal(jobTimeout, expected, `job timeout at ${intervalS} s`);
    assert.equal(await sandboxDeadline(intervalS), expected, `sandbox deadline at ${intervalS} s`);
  }
});
