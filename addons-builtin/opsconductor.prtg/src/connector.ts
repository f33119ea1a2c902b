import {
  BaseConnector, OcError,
  type ConnectionTestResult, type Ctx, type Device, type PollResult, type RawEvent, type Target, type TargetOutcome,
} from "@opsconductor/sdk";
import { pollDeadlineOf, reportsPaused, type PrtgConfig } from "./config.ts";
import { DEVICE_COLUMNS, deviceOf } from "./device.ts";
import { newlyPaused } from "./paused.ts";
import { recover } from "./recovery.ts";
import { failureOf, fetchPage, fetchTable, PrtgCodes } from "./prtg-api.ts";
import { listedSensorEvent, SENSOR_COLUMNS } from "./sensor-event.ts";
import { isKnownStatus, PAUSED_TYPES, polledStatuses } from "./status.ts";
import { integerOf } from "./values.ts";

const PAUSED_ALERT_TYPES = new Set(Object.values(PAUSED_TYPES));

/**
 * PRTG Network Monitor over its HTTP API. A poll reads, per PRTG server (target), every
 * sensor in a problem state (`filter_status`), page by page, and returns one raw event per
 * sensor as a snapshot. A sensor that was in that list at the previous poll and no longer is
 * gets rechecked by objid (recovery.ts): back Up, it sends a `sensor_up` clear that resolves
 * its alert at once; gone from PRTG, its alert resolves by absence. Targets are polled
 * concurrently, the rechecks after every problem list is in, within what the lists left of the
 * instance's call budget, so that they never take the calls a snapshot needs; a target that fails
 * is reported with a PRTG_* code and its alerts go stale.
 */
export class PrtgConnector extends BaseConnector {
  async testConnection(ctx: Ctx): Promise<ConnectionTestResult> {
    if (ctx.targets.length === 0) return { ok: false, code: PrtgCodes.NO_TARGET, message: "add a PRTG server as a target" };
    const results = await Promise.all(ctx.targets.map(async (target): Promise<{ code?: string; message: string }> => {
      try {
        const page = await fetchPage(ctx, target, { content: "sensors", columns: ["objid"] }, 0, 1);
        return { message: `${target.name}: PRTG ${page.version ?? "(version unknown)"}, ${page.treesize ?? "?"} sensors` };
      } catch (error) {
        const { code, message } = failureOf(error);
        return { code, message: `${target.name}: ${message}` };
      }
    }));
    const message = results.map((result) => result.message).join("; ");
    const code = results.find((result) => result.code !== undefined)?.code;
    return code === undefined ? { ok: true, message } : { ok: false, code, message };
  }

  async poll(ctx: Ctx): Promise<PollResult> {
    const reportPaused = reportsPaused(ctx.config as PrtgConfig);
    const now = ctx.now();
    const calls = { count: 0 };
    const results = await Promise.all(ctx.targets.map((target) => this.#pollTarget(ctx, target, now, reportPaused, calls)));
    const recovered = await recover(ctx, results.filter((result) => result.outcome.ok),
      { now, listCalls: calls.count, deadlineMs: pollDeadlineOf(ctx.config as PrtgConfig) });
    return {
      events: results.flatMap((result) => [...result.events, ...recovered.get(result.target.id) ?? []]),
      snapshot: true,
      targets: results.map((result) => result.outcome),
    };
  }

  override async syncDevices(ctx: Ctx): Promise<Device[]> {
    const results = await Promise.allSettled(ctx.targets.map(async (target) => {
      const rows = await fetchTable(ctx, target, { content: "devices", columns: DEVICE_COLUMNS });
      const devices = rows.map((row) => deviceOf(target, row)).filter((device): device is Device => device !== null);
      // Without an objid a device has no key to be kept under: said, not silently left out.
      if (devices.length < rows.length) ctx.log.warn("PRTG devices without an objid left out of the inventory", { target: target.id, devices: rows.length - devices.length });
      return devices;
    }));
    const failures = results.flatMap((result, i) => (result.status === "rejected" ? [{ target: ctx.targets[i]!, ...failureOf(result.reason) }] : []));
    if (failures.length > 0 && failures.length === results.length) {
      throw new OcError(failures[0]!.code, failures.map((f) => `${f.target.name}: ${f.message}`).join("; "));
    }
    for (const failure of failures) ctx.log.warn("device sync skipped a PRTG server", { target: failure.target.id, code: failure.code, message: failure.message });
    return results.flatMap((result) => (result.status === "fulfilled" ? result.value : []));
  }

  async #pollTarget(ctx: Ctx, target: Target, now: string, reportPaused: boolean, calls: { count: number }): Promise<TargetPoll> {
    let rows;
    try {
      rows = await fetchTable(ctx, target, { content: "sensors", columns: SENSOR_COLUMNS, statuses: polledStatuses(reportPaused) }, calls);
    } catch (error) {
      return { target, events: [], outcome: { id: target.id, ok: false, ...failureOf(error) }, listed: new Set(), problems: [] };
    }
    const events: RawEvent[] = [];
    const paused: RawEvent[] = [];
    const listed = new Set<number>();
    const problems: number[] = [];
    let unreadable = 0;
    for (const row of rows) {
      const objid = integerOf(row.objid);
      if (objid !== undefined) listed.add(objid);
      const event = listedSensorEvent(target, row, now, reportPaused);
      if (!event) continue;
      // The event carries the state it was read as (status_raw: undefined or a code PRTG does not have).
      if (!isKnownStatus(event.metrics.status_raw as number | undefined)) unreadable += 1;
      if (PAUSED_ALERT_TYPES.has(event.alert_type)) {
        paused.push(event);
      } else {
        events.push(event);
        if (objid !== undefined) problems.push(objid);
      }
    }
    if (unreadable > 0) {
      ctx.log.warn("sensors in PRTG's problem list with a state this addon cannot read: raised as sensor_unknown", { target: target.id, sensors: unreadable });
    }
    if (reportPaused) events.push(...await newlyPaused(ctx, target.id, paused));
    return { target, events, outcome: { id: target.id, ok: true }, listed, problems };
  }
}

/** One target's poll: its events and outcome, the objids its problem list had, and those in a problem state. */
interface TargetPoll {
  target: Target;
  events: RawEvent[];
  outcome: TargetOutcome;
  listed: ReadonlySet<number>;
  problems: number[];
}
