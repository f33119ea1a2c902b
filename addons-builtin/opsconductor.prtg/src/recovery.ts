// Up as a clear. A poll lists only the sensors in a problem state, so a sensor that recovered is
// simply not there. The objids a PRTG server listed in a problem state are remembered in ctx.state
// (`problems:<target>`); at the next poll the remembered ones missing from the problem list are
// asked for by objid (`filter_objid`), and those that read Up become `sensor_up` clears. A sensor
// PRTG no longer has at all is left to snapshot absence, like anything this could not recheck.
import type { Ctx, RawEvent, Target } from "@opsconductor/sdk";
import { pausedKey } from "./paused.ts";
import { failureOf, fetchPage } from "./prtg-api.ts";
import { SENSOR_COLUMNS, sensorClearEvent, sensorEvent } from "./sensor-event.ts";
import { integerOf } from "./values.ts";

/**
 * Objids per recheck request: `filter_objid=<id>` repeated, about 4 KB of URL at 200 (PRTG
 * drops requests whose URL is far longer; PrtgAPI saw it near 890 ids). One page each: the
 * answer has at most this many rows (`count` is one more, see below).
 */
export const RECHECK_BATCH = 200;
/** Recheck requests per poll for the whole instance, all its PRTG servers together (4,000 sensors). */
export const MAX_RECHECK_CALLS = 20;
/**
 * The broker's network calls per poll for the whole instance (the host's default); rechecks only
 * take what the problem lists left of it, so that they never fail on BROKER_BUDGET_EXCEEDED.
 */
const POLL_CALL_BUDGET = 200;
/** PRTG servers rechecked at once: a slow one holds up only its own lane. */
const RECHECK_CONCURRENCY = 4;
/**
 * ctx.state bytes (keys and values) all `problems:` keys may take together: the instance's 1 MiB
 * less room for the other keys (paused lists, the target index), split evenly across servers.
 */
export const PROBLEMS_STATE_BYTES = 768 * 1024;
/** ctx.state's cap per value. */
const MAX_VALUE_BYTES = 64 * 1024;
/** The target ids whose keys ctx.state may hold (it cannot list its keys): how a removed server's keys are found. */
export const TARGETS_KEY = "state-targets";

/** A PRTG server whose problem list is in: the objids it listed, and those in a problem state. */
interface ListedTarget {
  target: Target;
  listed: ReadonlySet<number>;
  problems: readonly number[];
}

interface RecoveryOptions {
  /** The poll's time (ctx.now() at its start): the events' timestamp, and where its deadline counts from. */
  now: string;
  /** Network calls the problem lists made (failed ones too): taken from {@link POLL_CALL_BUDGET}. */
  listCalls: number;
  /** The host's deadline for the whole poll. */
  deadlineMs: number;
}

interface Recheck {
  /** `sensor_up` clears, and problem events of sensors found back in a problem state since the list was read. */
  events: RawEvent[];
  /** Objids of those found in a problem state: still to remember. */
  problems: number[];
  /** Objids not asked for because the time was up: still to remember, rechecked at the next poll. */
  unchecked: number[];
  /** A request failed or the server ignored the filter: what was not rechecked is left to absence. */
  failed: boolean;
}

/** The ctx.state key of a PRTG server's remembered problem sensors. */
export function problemsKey(targetId: string): string {
  return `problems:${targetId}`;
}

/**
 * Rechecks, for the servers whose problem list is in, the remembered sensors that left it, then
 * remembers each server's problem sensors; returns the events per target id. Requests are shared
 * round-robin across servers ({@link shareCalls}), started only in the first half of the poll's
 * deadline; sensors not rechecked for want of calls or time stay remembered for the next poll.
 */
export async function recover(ctx: Ctx, polls: readonly ListedTarget[], options: RecoveryOptions): Promise<Map<string, RawEvent[]>> {
  await forgetRemovedTargets(ctx);
  const remembered = await Promise.all(polls.map((poll) => rememberedProblems(ctx, poll.target.id)));
  const gone = polls.map((poll, i) => remembered[i]!.filter((objid) => !poll.listed.has(objid)));
  const calls = Math.max(0, Math.min(MAX_RECHECK_CALLS, POLL_CALL_BUDGET - options.listCalls));
  const planned = shareCalls(gone.map((ids) => Math.ceil(ids.length / RECHECK_BATCH)), calls);

  // A request started before half the deadline and given at most 30 % of it ends by 80 % of it: the poll keeps its deadline.
  const started = Date.parse(options.now);
  const limits = { mayStart: () => Date.parse(ctx.now()) - started < options.deadlineMs / 2, timeoutMs: Math.floor(options.deadlineMs * 0.3) };
  const rechecks: Recheck[] = new Array(polls.length);
  let next = 0;
  await Promise.all(Array.from({ length: RECHECK_CONCURRENCY }, async () => {
    for (let i = next++; i < polls.length; i = next++) {
      const ids = gone[i]!.slice(0, planned[i]! * RECHECK_BATCH);
      rechecks[i] = ids.length > 0 ? await recheckSensors(ctx, polls[i]!.target, ids, options.now, limits) : { events: [], problems: [], unchecked: [], failed: false };
    }
  }));

  const lists = polls.map((poll, i) => {
    const recheck = rechecks[i]!;
    const deferred = recheck.failed ? [] : [...gone[i]!.slice(planned[i]! * RECHECK_BATCH), ...recheck.unchecked];
    if (deferred.length > 0) {
      ctx.log.warn("more sensors left the problem list than this poll rechecks: the rest are rechecked at the next poll",
        { target: poll.target.id, sensors: gone[i]!.length, deferred: deferred.length });
    }
    return { id: poll.target.id, before: remembered[i]!.length, ids: [...poll.problems, ...recheck.problems, ...deferred] };
  });
  // Lists that shrink are written first, so that the total never passes the cap on the way.
  for (const list of [...lists].sort((a, b) => (a.ids.length - a.before) - (b.ids.length - b.before))) {
    await rememberProblems(ctx, list.id, list.ids, problemsShare(ctx.targets.length, list.id));
  }
  return new Map(polls.map((poll, i) => [poll.target.id, rechecks[i]!.events]));
}

/**
 * Recheck requests per server: one each in turn (in the targets' order) while calls are left and
 * the server has batches left. With at most 20 servers (the manifest's cap) and 20 calls, every
 * server with recoveries gets at least one request per poll.
 */
export function shareCalls(needs: readonly number[], calls: number): number[] {
  const given = needs.map(() => 0);
  let left = calls;
  while (left > 0 && needs.some((need, i) => given[i]! < need)) {
    for (let i = 0; i < needs.length && left > 0; i++) {
      if (given[i]! < needs[i]!) {
        given[i]!++;
        left--;
      }
    }
  }
  return given;
}

/** The longest encoded list a server may keep: its even share of {@link PROBLEMS_STATE_BYTES}, within the value cap (JSON quotes and key included). */
function problemsShare(targets: number, targetId: string): number {
  return Math.min(MAX_VALUE_BYTES, Math.floor(PROBLEMS_STATE_BYTES / Math.max(1, targets)) - problemsKey(targetId).length) - 2;
}

/** The objids remembered at the target's last successful poll (none when unreadable). */
async function rememberedProblems(ctx: Ctx, targetId: string): Promise<number[]> {
  try {
    return decodeIds(await ctx.state.get<unknown>(problemsKey(targetId)));
  } catch (error) {
    ctx.log.warn("remembered problem sensors unreadable: recovered sensors resolve by absence", { target: targetId, error: (error as Error).message });
    return [];
  }
}

/**
 * Remembers the objids in a problem state now, at most `maxChars` of encoded list: past that the
 * highest objids are dropped (a deterministic cut; those sensors resolve by absence), with a
 * warning. When the list cannot be saved anyway, the key is dropped, so that recovery falls back
 * to absence rather than rechecking an outdated list.
 */
async function rememberProblems(ctx: Ctx, targetId: string, ids: Iterable<number>, maxChars = MAX_VALUE_BYTES - 2): Promise<void> {
  const key = problemsKey(targetId);
  let encoded = encodeIds(ids);
  if (encoded.length > maxChars) {
    const all = encoded.split(",").length;
    const cut = encoded.lastIndexOf(",", maxChars);
    encoded = cut > 0 ? encoded.slice(0, cut) : "";
    const kept = encoded === "" ? 0 : encoded.split(",").length;
    ctx.log.warn("problem sensors over this server's share of ctx.state: the highest objids resolve by absence",
      { target: targetId, sensors: all, remembered: kept, maxBytes: maxChars });
  }
  try {
    await ctx.state.set(key, encoded === "" ? undefined : encoded);
  } catch (error) {
    ctx.log.warn("problem sensors not remembered: recovered sensors resolve by absence", { target: targetId, error: (error as Error).message });
    await ctx.state.set(key, undefined).catch(() => undefined);
  }
}

/**
 * Deletes the `problems:` and `paused:` keys of servers no longer configured, found in the
 * {@link TARGETS_KEY} index of the targets configured at the previous poll; then indexes the
 * targets configured now (and any whose keys could not be deleted, to try again).
 */
async function forgetRemovedTargets(ctx: Ctx): Promise<void> {
  const configured = ctx.targets.map((target) => target.id);
  try {
    const saved = await ctx.state.get<unknown>(TARGETS_KEY);
    const known = Array.isArray(saved) ? saved.filter((id): id is string => typeof id === "string") : [];
    const kept: string[] = [];
    for (const id of known.filter((known) => !configured.includes(known))) {
      try {
        await ctx.state.set(problemsKey(id), undefined);
        await ctx.state.set(pausedKey(id), undefined);
      } catch {
        kept.push(id);
      }
    }
    const index = [...configured, ...kept];
    if (JSON.stringify(index) !== JSON.stringify(known)) await ctx.state.set(TARGETS_KEY, index);
  } catch (error) {
    ctx.log.warn("the state of removed PRTG servers was not cleaned up", { error: (error as Error).message });
  }
}

/**
 * Asks PRTG for the sensors `ids` (remembered in a problem state, not in the problem list now),
 * {@link RECHECK_BATCH} per request, one after the other. Up → a clear; a problem state again →
 * its problem event; not found (deleted), paused or anything else → nothing, so the alert resolves
 * by absence. A failed request, or a server that ignores `filter_objid` (it answers sensors not
 * asked for), ends the recheck with a warning (`failed`): the poll's snapshot stands, and absence
 * resolves what was not rechecked. Once `mayStart` says no, the rest is `unchecked`.
 */
export async function recheckSensors(
  ctx: Ctx, target: Target, ids: readonly number[], now: string,
  limits: { mayStart?: () => boolean; timeoutMs?: number } = {},
): Promise<Recheck> {
  const result: Recheck = { events: [], problems: [], unchecked: [], failed: false };
  for (let i = 0; i < ids.length; i += RECHECK_BATCH) {
    if (limits.mayStart && !limits.mayStart()) {
      result.unchecked = ids.slice(i);
      break;
    }
    const batch = ids.slice(i, i + RECHECK_BATCH);
    let rows;
    try {
      // One row more than asked for: a server that ignores the filter shows itself by sending a sensor not asked for.
      const query = { content: "sensors", columns: SENSOR_COLUMNS, objids: batch } as const;
      rows = (await fetchPage(ctx, target, query, 0, batch.length + 1, limits.timeoutMs)).rows;
    } catch (error) {
      ctx.log.warn("recheck of recovered sensors failed: they resolve by absence", { target: target.id, ...failureOf(error) });
      result.failed = true;
      break;
    }
    const asked = new Set(batch);
    if (rows.some((row) => !asked.has(integerOf(row.objid) ?? Number.NaN))) {
      ctx.log.warn("PRTG ignored filter_objid: recovered sensors resolve by absence", { target: target.id });
      result.failed = true;
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
