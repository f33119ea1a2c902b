import type { Device, Target } from "@opsconductor/sdk";
import type { Row } from "./prtg-api.ts";
import { statusOf } from "./status.ts";
import { integerOf, rawOrDisplay, textOf } from "./values.ts";

/** The device columns of a device sync, with PRTG's sensor counters. */
export const DEVICE_COLUMNS = [
  "objid", "probe", "group", "device", "host", "status", "status_raw", "message", "tags",
  "upsens", "downsens", "downacksens", "partialdownsens", "warnsens", "pausedsens", "unusualsens", "undefinedsens", "totalsens",
] as const;

const COUNTERS = {
  up: "upsens", down: "downsens", down_acknowledged: "downacksens", down_partial: "partialdownsens", warning: "warnsens",
  paused: "pausedsens", unusual: "unusualsens", unknown: "undefinedsens", total: "totalsens",
} as const;

/**
 * An inventory record of one PRTG device row, or null without an objid. The external id
 * carries the target, since two PRTG servers number their objects independently.
 */
export function deviceOf(target: Target, row: Row): Device | null {
  const objid = textOf(row.objid);
  if (objid === undefined) return null;
  const sensors: Record<string, number> = {};
  for (const [name, column] of Object.entries(COUNTERS)) {
    const count = integerOf(rawOrDisplay(row, column));
    if (count !== undefined) sensors[name] = count;
  }
  const device: Device = {
    external_id: `${target.id}:${objid}`,
    name: textOf(row.device) ?? textOf(row.name) ?? `PRTG device ${objid}`,
    status: statusOf(row).text,
    attributes: {
      prtg_target: target.id,
      objid: integerOf(row.objid) ?? objid,
      ...(textOf(row.probe) !== undefined ? { probe: textOf(row.probe) } : {}),
      tags: (textOf(row.tags) ?? "").split(/[\s,]+/).filter(Boolean),
      sensors,
    },
  };
  const host = textOf(row.host);
  if (host !== undefined) device.ip = host;
  const group = textOf(row.group);
  if (group !== undefined) device.site = group;
  return device;
}
