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
  /**
   * The poll could not read what decides it (the device stopped serving the value): whatever it
   * was at the last poll stands. A problem then is sent again (with this message), so the
   * snapshot keeps its alert; nothing is cleared. `active` is not looked at.
   */
  unknown?: boolean;
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
 * observation that was a problem last poll and is healthy now; an `unknown` one that was a
 * problem stays one. Returns the keys of the problems active now, to remember for the next poll.
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
    const isProblem = observation.unknown ? before.has(key) : observation.active;
    if (isProblem) active.push(key);
    else if (observation.unknown || !before.has(key)) continue;
    const type = isProblem ? observation.problem : observation.clear;
    events.push(createAlert(target, type, observation.metrics, {
      timestamp: at, message: observation.message, ...(observation.resource !== undefined && { resource: observation.resource }),
    }));
  }
  return { events, active };
}
