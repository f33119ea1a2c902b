// Up as a clear. A poll lists only the sensors in a problem state, so a sensor that recovered is
// simply not there. The objids a PRTG server listed in a problem state are remembered in ctx.state
// (`problems:<target>`); at the next poll the remembered ones missing from the problem list are
// asked for by objid (`filter_objid`), and those that read Up become `sensor_up` clears. A sensor
// PRTG no longer has at all is left to snapshot absence, like anything this could not recheck.
import type { Ctx, RawEvent, Target } from "@opsconductor/sdk";
import { failureOf, fetchPage } from "./prtg-api.ts";
import { SENSOR_COLUMNS, sensorClearEvent, sensorEvent } from "./sensor-event.ts";
import { integerOf } from "./values.ts";

/**
 * Objids per recheck request: `filter_objid=<id>` repeated, about 4 KB of URL at 200 (PRTG
 * drops requests whose URL is far longer; PrtgAPI saw it near 890 ids). One page each: the
 * answer has at most this many rows (`count` is one more, see below).
 */
export const RECHECK_BATCH = 200;
/** Recheck requests per PRTG server and poll (4,000 sensors); past that, absence resolves the rest. */
export const MAX_RECHECK_CALLS = 20;

export interface Recheck {
  /** `sensor_up` clears, and problem events of sensors found back in a problem state since the list was read. */
  events: RawEvent[];
  /** Objids of those found in a problem state: still to remember. */
  problems: number[];
}

/** The ctx.state key of a PRTG server's remembered problem sensors. */
export function problemsKey(targetId: string): string {
  return `problems:${targetId}`;
}

/** The objids remembered at the target's last successful poll (none when unreadable). */
export async function rememberedProblems(ctx: Ctx, targetId: string): Promise<number[]> {
  try {
    return decodeIds(await ctx.state.get<unknown>(problemsKey(targetId)));
  } catch (error) {
    ctx.log.warn("remembered problem sensors unreadable: recovered sensors resolve by absence", { target: targetId, error: (error as Error).message });
    return [];
  }
}

/**
 * Remembers the objids in a problem state now. When they cannot be saved (ctx.state caps a value
 * at 64 KiB: well over 15,000 problem sensors of one server in the compact form), the key is dropped, so that
 * recovery falls back to absence rather than rechecking an outdated list.
 */
export async function rememberProblems(ctx: Ctx, targetId: string, ids: Iterable<number>): Promise<void> {
  const key = problemsKey(targetId);
  const encoded = encodeIds(ids);
  try {
    await ctx.state.set(key, encoded === "" ? undefined : encoded);
  } catch (error) {
    ctx.log.warn("problem sensors not remembered: recovered sensors resolve by absence", { target: targetId, error: (error as Error).message });
    await ctx.state.set(key, undefined).catch(() => undefined);
  }
}

/**
 * Asks PRTG for the sensors `ids` (remembered in a problem state, not in the problem list now),
 * {@link RECHECK_BATCH} per request, at most {@link MAX_RECHECK_CALLS} requests. Up → a clear;
 * a problem state again → its problem event; not found (deleted), paused or anything else →
 * nothing, so the alert resolves by absence. A failed request, or a server that ignores
 * `filter_objid` (it answers sensors not asked for), ends the recheck with a warning: the poll's
 * snapshot stands, and absence resolves what was not rechecked.
 */
export async function recheckSensors(ctx: Ctx, target: Target, ids: readonly number[], now: string): Promise<Recheck> {
  const result: Recheck = { events: [], problems: [] };
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) batches.push(ids.slice(i, i + RECHECK_BATCH));
  if (batches.length > MAX_RECHECK_CALLS) {
    ctx.log.warn("more sensors left the problem list than one poll rechecks: the rest resolve by absence",
      { target: target.id, sensors: ids.length, rechecked: MAX_RECHECK_CALLS * RECHECK_BATCH });
  }
  for (const batch of batches.slice(0, MAX_RECHECK_CALLS)) {
    let rows;
    try {
      // One row more than asked for: a server that ignores the filter shows itself by sending a sensor not asked for.
      rows = (await fetchPage(ctx, target, { content: "sensors", columns: SENSOR_COLUMNS, objids: batch }, 0, batch.length + 1)).rows;
    } catch (error) {
      ctx.log.warn("recheck of recovered sensors failed: they resolve by absence", { target: target.id, ...failureOf(error) });
      break;
    }
    const asked = new Set(batch);
    if (rows.some((row) => !asked.has(integerOf(row.objid) ?? Number.NaN))) {
      ctx.log.warn("PRTG ignored filter_objid: recovered sensors resolve by absence", { target: target.id });
      break;
    }
    for (const row of rows) {
      const clear = sensorClearEvent(target, row, now);
      if (clear) {
        result.events.push(clear);
        continue;
      }
      const problem = sensorEvent(target, row, now, false);
      if (problem) {
        result.events.push(problem);
        result.problems.push(integerOf(row.objid)!);
      }
    }
  }
  return result;
}

/**
 * Objids as a compact string: ascending, each the base-36 difference from the previous one
 * (`[10009, 10019, 10029]` → `"7q1,a,a"`), about a third of a JSON array's size.
 */
export function encodeIds(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id >= 0).sort((a, b) => a - b);
  let previous = 0;
  return sorted.map((id) => {
    const delta = (id - previous).toString(36);
    previous = id;
    return delta;
  }).join(",");
}

/** The objids of {@link encodeIds}; anything else (absent, an older form, garbage) is none. */
export function decodeIds(saved: unknown): number[] {
  if (typeof saved !== "string" || !/^[0-9a-z]+(,[0-9a-z]+)*$/.test(saved)) return [];
  const ids: number[] = [];
  let previous = 0;
  for (const part of saved.split(",")) {
    previous += parseInt(part, 36);
    if (!Number.isSafeInteger(previous)) return [];
    ids.push(previous);
  }
  return ids;
}
