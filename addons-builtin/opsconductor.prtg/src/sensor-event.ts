import { createAlert, type RawEvent, type Target } from "@opsconductor/sdk";
import type { Row } from "./prtg-api.ts";
import { alertTypeOf, CLEAR_TYPE, isKnownStatus, statusOf, UNREADABLE_STATUS_TYPE, UP } from "./status.ts";
import { integerOf, numberOf, oleDateToIso, plainText, rawOrDisplay, textOf } from "./values.ts";

/** The sensor columns a poll asks for; each display column brings its `_raw` twin. */
export const SENSOR_COLUMNS = [
  "objid", "probe", "group", "device", "host", "sensor", "status", "status_raw", "message", "message_raw",
  "lastvalue", "lastvalue_raw", "priority", "lastcheck", "lastdown", "downtimesince", "parentid",
] as const;

/** The resource of a sensor's alert: one sensor is one alert, whatever its state. */
export function sensorResource(objid: string): string {
  return `sensor:${objid}`;
}

/**
 * The raw event of one sensor row, or null when its state raises nothing (Up, Collecting, an
 * unrecognized state, paused when not reported) or the row has no objid. The device is the
 * sensor's own (PRTG's `device` and `host` columns), not the PRTG server.
 */
export function sensorEvent(target: Target, row: Row, now: string, reportPaused: boolean): RawEvent | null {
  return eventOf(target, row, now, (code) => alertTypeOf(code, reportPaused));
}

/**
 * The raw event of a row of the problem list (asked for with `filter_status`, so PRTG holds the
 * sensor in a problem or paused state): as {@link sensorEvent}, except that a state this addon
 * cannot read (a localized `status` without `status_raw`, a code it does not know) is
 * `sensor_unknown` rather than nothing: dropped, the sensor's alert would resolve by absence.
 */
export function listedSensorEvent(target: Target, row: Row, now: string, reportPaused: boolean): RawEvent | null {
  return eventOf(target, row, now, (code) => (isKnownStatus(code) ? alertTypeOf(code, reportPaused) : UNREADABLE_STATUS_TYPE));
}

/**
 * The clear (`sensor_up`) of a sensor row that reads Up, else null. Same resource, target and
 * metrics as the sensor's problem events, so it resolves that sensor's alert.
 */
export function sensorClearEvent(target: Target, row: Row, now: string): RawEvent | null {
  return eventOf(target, row, now, (code) => (code === UP ? CLEAR_TYPE : undefined));
}

function eventOf(target: Target, row: Row, now: string, typeOf: (code: number | undefined) => string | undefined): RawEvent | null {
  const objid = textOf(row.objid);
  const status = statusOf(row);
  const alertType = typeOf(status.code);
  if (objid === undefined || alertType === undefined) return null;
  const message = messageOf(row);
  const metrics = withoutUndefined({
    objid: integerOf(row.objid) ?? objid,
    sensor: textOf(row.sensor) ?? `sensor ${objid}`,
    status: status.text,
    status_raw: status.code,
    message,
    device: textOf(row.device),
    group: textOf(row.group),
    probe: textOf(row.probe),
    priority: integerOf(rawOrDisplay(row, "priority")),
    last_value: textOf(row.lastvalue),
    last_value_raw: numberOf(row.lastvalue_raw),
    last_check: oleDateToIso(row.lastcheck_raw),
    last_down: oleDateToIso(row.lastdown_raw),
    down_for_s: numberOf(row.downtimesince_raw),
    parent_id: integerOf(row.parentid),
  });
  return createAlert(target, alertType, metrics, {
    resource: sensorResource(objid),
    device_ip: textOf(row.host) ?? "",
    device_name: textOf(row.device) ?? target.name,
    timestamp: now,
    ...(message !== undefined ? { message } : {}),
  });
}

/** `message_raw` (plain text) when sent, else the HTML `message` as text. */
function messageOf(row: Row): string | undefined {
  const raw = textOf(row.message_raw);
  if (raw !== undefined) return raw;
  const html = textOf(row.message);
  return html === undefined ? undefined : plainText(html) || undefined;
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
