import type { Ctx, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { CallGate } from "./call-gate.ts";
import type { StatsRecorder } from "./stats.ts";

const MAX_EVENTS_PER_EMIT = 1000;

/**
 * ctx.emit: forwards pushed raw events (already checked against the RawEvent schema by the
 * host bridge) to the host's sink, which normalizes and stores them. Refused when the
 * instance was given no sink.
 */
export function createEmit(sink: ((events: RawEvent[]) => Promise<void>) | undefined, gate: CallGate, stats: StatsRecorder): Ctx["emit"] {
  return async (events: RawEvent[]) => {
    stats.call("emit");
    try {
      gate.assertOpen("ctx.emit");
      if (!sink) throw hostError("BROKER_PERMISSION_DENIED", "ctx.emit is not available to this connector instance (it receives no pushed messages)");
      if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_EMIT) {
        throw hostError("BROKER_REQUEST_INVALID", `ctx.emit takes an array of at most ${MAX_EVENTS_PER_EMIT} events`);
      }
      stats.bytesOut("emit", events.length);
      await sink(structuredClone(events));
    } catch (error) {
      stats.error("emit");
      throw error;
    }
  };
}
