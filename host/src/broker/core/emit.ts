import type { Ctx, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import { MAX_EVENTS_PER_EMIT } from "../../runtime/result-validation.ts";
import type { CallBudget } from "./call-budget.ts";
import type { CallGate } from "./call-gate.ts";
import type { StatsRecorder } from "./stats.ts";

/**
 * ctx.emit: forwards pushed raw events (already checked against the RawEvent schema by the
 * host bridge) to the host's sink, which normalizes and stores them. Refused when the
 * instance was given no sink, or past the operation's allowance.
 */
export function createEmit(
  sink: ((events: RawEvent[]) => Promise<void>) | undefined, gate: CallGate, stats: StatsRecorder, allowance: CallBudget,
): Ctx["emit"] {
  return async (events: RawEvent[]) => {
    stats.call("emit");
    try {
      gate.assertOpen("ctx.emit");
      if (!sink) throw hostError("BROKER_PERMISSION_DENIED", "ctx.emit is not available to this connector instance (it receives no pushed messages)");
      if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_EMIT) {
        throw hostError("BROKER_REQUEST_INVALID", `ctx.emit takes an array of at most ${MAX_EVENTS_PER_EMIT} events`);
      }
      allowance.take(events.length, (emitted, limit) =>
        `ctx.emit refused ${events.length} events: this operation (poll, test, sync or delivery) already emitted ${emitted} of its ${limit} allowed`);
      stats.bytesOut("emit", events.length);
      await sink(structuredClone(events));
    } catch (error) {
      stats.error("emit");
      throw error;
    }
  };
}
