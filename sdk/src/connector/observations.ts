import type { RawEvent } from "../alerts/model.ts";
import { createAlert } from "./base-connector.ts";
import type { Target } from "./types.ts";

/**
 * One thing a poll looked at, healthy or not: an interface, the CPU, a UPS's output source. While
 * `active`, it is a `problem` event; when it turns healthy after having been a problem,
 * one `clear` event resolves the alert at once (the snapshot would resolve it too, but
 * only after it has been missing from two polls).
 */
export interface Observation {
  problem: string;
  clear: string;
  resource?: string;
  active: boolean;
  metrics: Record<string, unknown>;
  message: string;
}

/**
 * The key of a problem in the memory kept between polls.
 *
 * @example
 * problemKey({ problem: "interface_down", resource: "outside" }); // "interface_down|outside"
 */
export function problemKey(observation: Pick<Observation, "problem" | "resource">): string {
  return `${observation.problem}|${observation.resource ?? ""}`;
}

/**
 * The raw events of one target's observations: every active problem, and a clear for each
 * observation that was a problem last poll and is healthy now. Returns the keys of the
 * problems active now, to remember for the next poll.
 *
 * @example
 * const previous = (await ctx.state.get<string[]>(`active:${target.id}`)) ?? [];
 * const { events, active } = eventsOf(target, observations, previous, ctx.now());
 * await ctx.state.set(`active:${target.id}`, active);
 */
export function eventsOf(target: Target, observations: readonly Observation[], previouslyActive: readonly string[], at: string):
  { events: RawEvent[]; active: string[] } {
  const before = new Set(previouslyActive);
  const events: RawEvent[] = [];
  const active: string[] = [];
  for (const observation of observations) {
    const key = problemKey(observation);
    if (observation.active) active.push(key);
    else if (!before.has(key)) continue;
    const type = observation.active ? observation.problem : observation.clear;
    events.push(createAlert(target, type, observation.metrics, {
      timestamp: at, message: observation.message, ...(observation.resource !== undefined && { resource: observation.resource }),
    }));
  }
  return { events, active };
}
