// PRTG sensor states (`status_raw`, PrtgAPI's Status enum; reference/protocols.md §1(d)) and
// the alert type each one raises.
import { integerOf, textOf } from "./values.ts";

/** Display names by `status_raw`, used when a row has the code but no `status` text. */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "None", 1: "Unknown", 2: "Collecting", 3: "Up", 4: "Warning", 5: "Down", 6: "No Probe",
  7: "Paused (paused by user)", 8: "Paused (paused by dependency)", 9: "Paused (paused by schedule)",
  10: "Unusual", 11: "Paused (paused by license)", 12: "Paused until", 13: "Down (Acknowledged)", 14: "Down (Partial)",
};

/** States that are a problem: each raises its own alert type. */
export const PROBLEM_TYPES: Readonly<Record<number, string>> = {
  1: "sensor_unknown",
  4: "sensor_warning",
  5: "sensor_down",
  6: "sensor_unknown",
  10: "sensor_unusual",
  13: "sensor_down_acknowledged",
  14: "sensor_down_partial",
};

/** The type of a listed sensor whose state cannot be read (see listedSensorEvent). */
export const UNREADABLE_STATUS_TYPE = "sensor_unknown";

/** Whether `code` is one of PRTG's states (STATUS_NAMES). */
export function isKnownStatus(code: number | undefined): code is number {
  return code !== undefined && Object.hasOwn(STATUS_NAMES, code);
}

/** Up (`status_raw` 3). */
export const UP = 3;

/**
 * The clear of a sensor's alert: it is Up again. Raised only for a sensor that was in a
 * problem state at the previous poll (see recovery.ts), never for every Up sensor.
 */
export const CLEAR_TYPE = "sensor_up";

/** Paused states: suppressed, or a notice when the instance reports paused sensors. */
export const PAUSED_TYPES: Readonly<Record<number, string>> = {
  7: "sensor_paused",
  8: "sensor_paused_by_dependency",
  9: "sensor_paused",
  11: "sensor_paused",
  12: "sensor_paused",
};

/** `filter_status` values of a poll: the problem states, plus the paused ones when they are reported. */
export function polledStatuses(reportPaused: boolean): number[] {
  return [...Object.keys(PROBLEM_TYPES), ...(reportPaused ? Object.keys(PAUSED_TYPES) : [])].map(Number);
}

export interface SensorStatus {
  /** `status_raw`, or what the display text means; undefined when neither is known. */
  code: number | undefined;
  /** The display text (PRTG's own words, possibly localized), else the code's name. */
  text: string;
}

/**
 * A row's state: `status_raw` when present (as a number or a string), else the `status`
 * display text read as PRTG's English names.
 *
 * @example
 * statusOf({ status: "Down (Acknowledged)" }); // { code: 13, text: "Down (Acknowledged)" }
 */
export function statusOf(row: Readonly<Record<string, unknown>>): SensorStatus {
  const display = textOf(row.status);
  const code = integerOf(row.status_raw) ?? codeOfText(display);
  return { code, text: display ?? (code === undefined ? "in an unknown state" : STATUS_NAMES[code] ?? `status ${code}`) };
}

/** PRTG's English display text as a status code ("Down (Partial)" → 14, "Paused until …" → 12). */
export function codeOfText(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.toLowerCase().replace(/\s+/g, " ").trim();
  if (t.startsWith("down")) return t.includes("acknowledged") ? 13 : t.includes("partial") ? 14 : 5;
  if (t.startsWith("paused")) {
    if (t.includes("dependency")) return 8;
    if (t.includes("schedule")) return 9;
    if (t.includes("licen")) return 11;
    if (t.startsWith("paused until")) return 12;
    return 7;
  }
  const exact: Record<string, number> = { none: 0, unknown: 1, collecting: 2, up: 3, warning: 4, "no probe": 6, unusual: 10 };
  return exact[t.replace(/ \(.*\)$/, "")];
}

/**
 * The alert type of a state: a problem type, a paused type when `reportPaused`, else
 * undefined (Up, None, Collecting, unrecognized codes; paused when not reported).
 */
export function alertTypeOf(code: number | undefined, reportPaused: boolean): string | undefined {
  if (code === undefined) return undefined;
  return PROBLEM_TYPES[code] ?? (reportPaused ? PAUSED_TYPES[code] : undefined);
}
