import {
  BaseConnector, OcError,
  type ConnectionTestResult, type Ctx, type PollResult, type RawEvent, type Target, type TargetOutcome,
} from "@opsconductor/sdk";
import { parseAlarmTable } from "./alarms.ts";
import { DECIDING_READINGS, servedReadings, upsObservations, type DecidingReading } from "./checks.ts";
import { outcomeCodeOf, UpsCodes } from "./codes.ts";
import { eventsOf, problemKey } from "@opsconductor/sdk";
import { ALARM_TABLES, SCALAR_OIDS, SYS_DESCR, UPS_OUTPUT_PERCENT_LOAD } from "./oids.ts";
import { isEmptyReading, readingOf } from "./reading.ts";
import { thresholdsOf, type UpsThresholds } from "./settings.ts";

/**
 * What is kept in ctx.state per target between polls: the problems raised at the last poll, and
 * the deciding readings the card has served at any poll (a gap in one is then told from a card
 * that never had it: see upsObservations).
 */
interface TargetMemory {
  active: string[];
  served?: DecidingReading[];
}

/**
 * Eaton UPSs over SNMP (v1/v2c/v3, credentials injected by the broker): per poll and target
 * one GET of the UPS-MIB and XUPS-MIB scalars and three walks (phase loads, both alarm
 * tables). A snapshot per ok target: an alarm row that disappears resolves its alert.
 */
export class EatonUpsConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    if (ctx.targets.length === 0) return { ok: false, code: "UPS_NO_TARGETS", message: "configure at least one UPS" };
    const found: string[] = [];
    for (const target of ctx.targets) {
      try {
        const varbinds = await ctx.snmp.get(target.id, [SYS_DESCR, SCALAR_OIDS.upsIdentModel, SCALAR_OIDS.xupsIdentModel]);
        const [descr, upsModel, xupsModel] = varbinds.map((varbind) => varbind.value);
        if (upsModel === null && xupsModel === null) {
          return { ok: false, code: UpsCodes.UPS_NOT_SUPPORTED, message: `${target.name}: answers SNMP (${String(descr ?? "?")}) but serves neither UPS-MIB nor XUPS-MIB` };
        }
        found.push(`${target.name}: ${String(xupsModel ?? upsModel)}`);
      } catch (error) {
        return { ok: false, code: outcomeCodeOf(error), message: `${target.name}: ${(error as Error).message}` };
      }
    }
    return { ok: true, message: found.join("; ") };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const thresholds = thresholdsOf(ctx.config);
    const results = await Promise.all(ctx.targets.map(async (target): Promise<{ events: RawEvent[]; outcome: TargetOutcome }> => {
      try {
        return { events: await this.#pollTarget(ctx, target, thresholds), outcome: { id: target.id, ok: true } };
      } catch (error) {
        return { events: [], outcome: { id: target.id, ok: false, code: outcomeCodeOf(error), message: (error as Error).message } };
      }
    }));
    return { events: results.flatMap((result) => result.events), snapshot: true, targets: results.map((result) => result.outcome) };
  }

  async #pollTarget(ctx: Ctx, target: Target, thresholds: UpsThresholds): Promise<RawEvent[]> {
    const scalars = await ctx.snmp.get(target.id, Object.values(SCALAR_OIDS));
    if (isEmptyReading(readingOf(scalars, []))) {
      throw new OcError(UpsCodes.UPS_NOT_SUPPORTED, "the agent answers but serves neither UPS-MIB (RFC 1628) nor XUPS-MIB objects");
    }
    const reading = readingOf(scalars, await ctx.snmp.walk(target.id, UPS_OUTPUT_PERCENT_LOAD));
    const alarms = [];
    for (const table of ALARM_TABLES) alarms.push(...parseAlarmTable(table.mib, table.oid, await ctx.snmp.walk(target.id, table.oid)));

    const memoryKey = `target:${target.id}`;
    const previous = (await ctx.state.get<TargetMemory>(memoryKey)) ?? { active: [] };
    const wasActive = (problem: string, resource?: string) => previous.active.includes(problemKey({ problem, resource }));
    const servedBefore = new Set(Array.isArray(previous.served) ? previous.served.filter((name) => DECIDING_READINGS.includes(name)) : []);
    const observations = upsObservations(reading, alarms, thresholds, wasActive, servedBefore);
    const { events, active } = eventsOf(target, observations, previous.active, ctx.now());
    const servedNow = servedReadings(reading);
    const served = DECIDING_READINGS.filter((name) => servedBefore.has(name) || servedNow.includes(name));
    await ctx.state.set(memoryKey, { active, served } satisfies TargetMemory);
    return events;
  }
}
