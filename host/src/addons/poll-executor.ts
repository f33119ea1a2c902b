import { pollDeadlineMs } from "@opsconductor/sdk";
import type { ConnectorPoll, PollExecutor } from "../connectors/connector-poll.ts";
import type { ConnectorInstances } from "./instances.ts";

/**
 * connector.poll through the addon runtime: a fresh call budget in the broker,
 * then the addon's `poll` and normalizer in the sandbox under the wall-clock deadline: the
 * SDK's pollDeadlineMs, the connector.poll job's own timeout (one function, so they cannot drift).
 * Each target's outcome carries its host and name for the health alert of a failed one.
 */
export class AddonPollExecutor implements PollExecutor {
  readonly #instances: ConnectorInstances;

  constructor(instances: ConnectorInstances) {
    this.#instances = instances;
  }

  poll(connectorId: string, signal: AbortSignal): Promise<ConnectorPoll> {
    return this.#instances.operate(connectorId, async (running) => {
      const output = await running.loaded.runtime.poll(running.instanceId, { deadlineMs: pollDeadlineMs(running.pollIntervalS), signal });
      const byId = new Map(running.targets.map((target) => [target.id, target]));
      return {
        connectorType: output.connectorType,
        alerts: output.alerts,
        snapshot: output.snapshot,
        refused: output.refused,
        targets: output.targets.map((outcome) => {
          const target = byId.get(outcome.id);
          return target ? { ...outcome, host: target.host, name: target.name } : outcome;
        }),
      };
    });
  }
}
