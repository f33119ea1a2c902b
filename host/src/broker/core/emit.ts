import type { Ctx, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import { MAX_EVENTS_PER_CALL, MAX_EVENTS_PER_EMIT } from "../../runtime/result-validation.ts";
import type { CallGate } from "./call-gate.ts";
import type { StatsRecorder } from "./stats.ts";


/**
 * Events ctx.emit may push per operation (poll, test, sync, delivery), across its calls: as
 * many as one poll may return. Without it one poll emitted 300 x 1,000 events, all taken (each
 * normalized and stored on the daemon's event loop). Operations that overlap pool their
 * allowances, as network calls do (the emits cannot tell which operation made them); the count
 * starts over when an operation begins with none running. Before any operation (a broker used
 * directly) one operation's worth is allowed.
 */
export class EmitAllowance {
  readonly #perOperation: number;
  #operationsRunning = 0;
  #granted: number;
  #emitted = 0;

  constructor(perOperation = MAX_EVENTS_PER_CALL) {
    this.#perOperation = perOperation;
    this.#granted = perOperation;
  }

  /** Grants an operation's allowance; call the returned function when the operation has ended. */
  begin(): () => void {
    if (this.#operationsRunning === 0) [this.#granted, this.#emitted] = [0, 0];
    this.#operationsRunning += 1;
    this.#granted += this.#perOperation;
    let running = true;
    return () => {
      if (running) this.#operationsRunning -= 1;
      running = false;
    };
  }

  /** Counts `count` events, or refuses them all with BROKER_BUDGET_EXCEEDED when they do not fit. */
  take(count: number): void {
    if (this.#emitted + count > this.#granted) {
      throw hostError("BROKER_BUDGET_EXCEEDED",
        `ctx.emit refused ${count} events: this operation (poll, test, sync or delivery) already emitted ${this.#emitted} of its ${this.#perOperation} allowed`,
        { limit: this.#perOperation });
    }
    this.#emitted += count;
  }
}

/**
 * ctx.emit: forwards pushed raw events (already checked against the RawEvent schema by the
 * host bridge) to the host's sink, which normalizes and stores them. Refused when the
 * instance was given no sink, or past the operation's allowance.
 */
export function createEmit(
  sink: ((events: RawEvent[]) => Promise<void>) | undefined, gate: CallGate, stats: StatsRecorder, allowance: EmitAllowance,
): Ctx["emit"] {
  return async (events: RawEvent[]) => {
    stats.call("emit");
    try {
      gate.assertOpen("ctx.emit");
      if (!sink) throw hostError("BROKER_PERMISSION_DENIED", "ctx.emit is not available to this connector instance (it receives no pushed messages)");
      if (!Array.isArray(events) || events.length > MAX_EVENTS_PER_EMIT) {
        throw hostError("BROKER_REQUEST_INVALID", `ctx.emit takes an array of at most ${MAX_EVENTS_PER_EMIT} events`);
      }
      allowance.take(events.length);
      stats.bytesOut("emit", events.length);
      await sink(structuredClone(events));
    } catch (error) {
      stats.error("emit");
      throw error;
    }
  };
}
