import type { Ctx, RawEvent } from "@opsconductor/sdk";

/** The ctx.state key of a PRTG server's paused sensors. */
export function pausedKey(targetId: string): string {
  return `paused:${targetId}`;
}

/**
 * Paused-sensor notices are kept to one per pause: a notice is stored as its own row, so
 * sending one every poll would log the same pause each minute. The sensors paused at the
 * last poll of a target are remembered in ctx.state; only sensors not among them are new.
 * When the list cannot be saved (ctx.state caps a value at 64 KiB, about 9,000 sensors),
 * paused notices stop for that target rather than repeat, with a warning in the log.
 */
export async function newlyPaused(ctx: Ctx, targetId: string, paused: readonly RawEvent[]): Promise<RawEvent[]> {
  const key = pausedKey(targetId);
  const idOf = (event: RawEvent) => Number(event.metrics.objid);
  // Anything but a list (written by some other version) is no memory: a notice again, not a failed poll.
  const stored = await ctx.state.get<unknown>(key);
  const before = new Set(Array.isArray(stored) ? stored : []);
  try {
    await ctx.state.set(key, paused.map(idOf));
  } catch (error) {
    ctx.log.warn("paused sensors not reported: the list cannot be saved", { target: targetId, paused: paused.length, error: (error as Error).message });
    return [];
  }
  return paused.filter((event) => !before.has(idOf(event)));
}
