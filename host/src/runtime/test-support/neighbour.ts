import type { AddonRuntime } from "../types.ts";

/**
 * Polls a healthy instance over and over while a test makes another addon misbehave,
 * to show that one addon's fault never reaches the others.
 */
export function pollThroughout(runtime: AddonRuntime, instanceId: string): { stop(): Promise<{ ok: number; errors: unknown[] }> } {
  let running = true;
  const outcome = { ok: 0, errors: [] as unknown[] };
  const loop = (async () => {
    while (running) {
      try {
        const result = await runtime.poll(instanceId, { deadlineMs: 5_000 });
        if (result.alerts.length > 0) outcome.ok += 1;
      } catch (error) {
        outcome.errors.push(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return outcome;
    },
  };
}
