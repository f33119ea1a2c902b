import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

// The one cron parser: the manifest validation (oc-addon and the host's verifier) accepts exactly
// what the host's scheduler can run, so a schedule can never fail after its addon is installed.

/**
 * A parsed 5-field cron expression (`minute hour day-of-month month day-of-week`), evaluated in UTC.
 * Each field takes `*`, `*\/n`, `a`, `a-b`, `a-b/n`, `a/n` (a to the field's end) and comma lists;
 * months and weekdays also take names (`jan`, `mon`), day-of-week 0 and 7 are both Sunday.
 * The `@hourly @daily @midnight @weekly @monthly @yearly @annually` macros are accepted.
 * As in Vixie cron, when both day fields are restricted a day matching either one matches.
 */
export interface CronSchedule {
  readonly expression: string;
  /** The first matching minute strictly after `afterMs`, in epoch ms. */
  next(afterMs: number): number;
  matches(atMs: number): boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Value of names[0]. */
  namesStart?: number;
}

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], namesStart: 1 },
  { name: "day-of-week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], namesStart: 0 },
];

const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** Longest day-of-month per month (February counts its leap day). */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MINUTE_MS = 60_000;
/** A satisfiable expression matches within 8 years (Feb 29 across a skipped century leap year); beyond is a bug. */
const SEARCH_YEARS = 9;

/** Parses a cron expression, throwing CRON_INVALID with the offending field on any mistake. */
export function parseCron(expression: string): CronSchedule {
  const source = expression.trim();
  const text = MACROS[source.toLowerCase()] ?? source;
  const parts = text.split(/\s+/);
  if (parts.length !== 5 || parts[0] === "") {
    throw invalid(expression, `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts[0] === "" ? 0 : parts.length}`);
  }
  const [minutes, hours, days, months, weekdays] = parts.map((part, i) => parseField(expression, part, FIELDS[i]!));
  // Sunday is both 0 and 7; fold 7 onto 0 so getUTCDay() can index directly.
  if (weekdays![7]) weekdays![0] = true;
  const daysRestricted = !parts[2]!.startsWith("*");
  const weekdaysRestricted = !parts[4]!.startsWith("*");
  if (daysRestricted && !weekdaysRestricted && !anyDayExists(days!, months!)) {
    throw invalid(expression, "the day-of-month never occurs in the given months");
  }

  const dayMatches = (date: Date): boolean => {
    const onDay = days![date.getUTCDate()]!;
    const onWeekday = weekdays![date.getUTCDay()]!;
    if (daysRestricted && weekdaysRestricted) return onDay || onWeekday;
    return daysRestricted ? onDay : weekdaysRestricted ? onWeekday : true;
  };
  const matches = (atMs: number): boolean => {
    const date = new Date(atMs);
    return months![date.getUTCMonth() + 1]! && dayMatches(date) && hours![date.getUTCHours()]! && minutes![date.getUTCMinutes()]!;
  };
  const next = (afterMs: number): number => {
    let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const lastYear = new Date(t).getUTCFullYear() + SEARCH_YEARS;
    // Jump a whole month, day or hour at a time when that field does not match.
    for (;;) {
      const date = new Date(t);
      const [y, mo, d, h] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours()];
      if (y > lastYear) throw invalid(expression, "no matching time found");
      if (!months![mo + 1]) t = Date.UTC(y, mo + 1, 1);
      else if (!dayMatches(date)) t = Date.UTC(y, mo, d + 1);
      else if (!hours![h]) t = Date.UTC(y, mo, d, h + 1);
      else if (!minutes![date.getUTCMinutes()]) t += MINUTE_MS;
      else return t;
    }
  };
  return { expression: source, next, matches };
}

/** True when the expression parses; for validating input without catching. */
export function isValidCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

/** One field as a lookup table: allowed[value] is true when the value matches. */
function parseField(expression: string, text: string, spec: FieldSpec): boolean[] {
  const allowed = new Array<boolean>(spec.max + 1).fill(false);
  for (const item of text.split(",")) {
    const fail = (problem: string) => invalid(expression, `${spec.name} "${text}": ${problem}`, spec.name);
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined || range === undefined || range === "") throw fail(`"${item}" is not a value, range or step`);
    const step = stepText === undefined ? 1 : parseNumber(stepText);
    if (step === undefined || step < 1) throw fail(`step "${stepText}" must be a positive integer`);
    let low: number, high: number;
    if (range === "*") {
      [low, high] = [spec.min, spec.max];
    } else {
      const [lowText, highText, rest] = range.split("-");
      if (rest !== undefined) throw fail(`"${range}" is not a range`);
      const first = parseValue(lowText!, spec);
      const last = highText === undefined ? (stepText === undefined ? first : spec.max) : parseValue(highText, spec);
      if (first === undefined || last === undefined) throw fail(`"${range}" is not a number${spec.names ? " or name" : ""}`);
      if (first < spec.min || last > spec.max) throw fail(`values must be within ${spec.min}-${spec.max}`);
      if (first > last) throw fail(`range "${range}" runs backwards`);
      [low, high] = [first, last];
    }
    for (let value = low; value <= high; value += step) allowed[value] = true;
  }
  return allowed;
}

function parseValue(text: string, spec: FieldSpec): number | undefined {
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + spec.namesStart! : parseNumber(text);
}

function parseNumber(text: string): number | undefined {
  return /^\d{1,4}$/.test(text) ? Number(text) : undefined;
}

function anyDayExists(days: boolean[], months: boolean[]): boolean {
  return MONTH_DAYS.some((length, i) => months[i + 1] && days.some((on, day) => on && day <= length));
}

function invalid(expression: string, problem: string, field?: string): OcError {
  return new OcError(SdkErrorCodes.CRON_INVALID, `invalid cron expression "${expression}": ${problem}`, field ? { expression, field } : { expression });
}
