import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "../errors/oc-error.ts";
import { isValidCron, parseCron } from "./cron.ts";

const at = (iso: string) => Date.parse(iso);
const nextIso = (expression: string, after: string) => new Date(parseCron(expression).next(at(after))).toISOString();

test("next() finds the first matching minute strictly after the given time", () => {
  const cases: Array<[expression: string, after: string, expected: string]> = [
    ["* * * * *", "2026-01-01T00:00:00.000Z", "2026-01-01T00:01:00.000Z"],
    ["* * * * *", "2026-01-01T00:00:30.500Z", "2026-01-01T00:01:00.000Z"],
    ["0 0 * * *", "2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["0 0 * * *", "2026-01-01T23:59:59.999Z", "2026-01-02T00:00:00.000Z"],
    ["*/15 * * * *", "2026-01-01T10:07:00.000Z", "2026-01-01T10:15:00.000Z"],
    ["*/15 * * * *", "2026-01-01T10:45:00.000Z", "2026-01-01T11:00:00.000Z"],
    ["5-10/2 * * * *", "2026-01-01T10:06:00.000Z", "2026-01-01T10:07:00.000Z"],
    ["5-10/2 * * * *", "2026-01-01T10:09:00.000Z", "2026-01-01T11:05:00.000Z"],
    ["10/20 * * * *", "2026-01-01T10:31:00.000Z", "2026-01-01T10:50:00.000Z"],
    ["0,30 9-17 * * *", "2026-01-01T17:30:00.000Z", "2026-01-02T09:00:00.000Z"],
    ["17 3 * * *", "2026-03-05T03:17:00.000Z", "2026-03-06T03:17:00.000Z"],
    ["0 12 1 * *", "2026-01-15T00:00:00.000Z", "2026-02-01T12:00:00.000Z"],
    ["0 0 1 jan *", "2026-06-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["0 0 31 * *", "2026-04-01T00:00:00.000Z", "2026-05-31T00:00:00.000Z"],
    ["0 0 29 2 *", "2026-01-01T00:00:00.000Z", "2028-02-29T00:00:00.000Z"],
    // 2026-01-01 is a Thursday.
    ["0 8 * * mon-fri", "2026-01-02T08:00:00.000Z", "2026-01-05T08:00:00.000Z"],
    ["0 8 * * 7", "2026-01-01T00:00:00.000Z", "2026-01-04T08:00:00.000Z"],
    ["0 8 * * SUN", "2026-01-01T00:00:00.000Z", "2026-01-04T08:00:00.000Z"],
    // Both day fields restricted: either matches (the 10th, or a Monday).
    ["0 0 10 * 1", "2026-01-06T00:00:00.000Z", "2026-01-10T00:00:00.000Z"],
    ["0 0 10 * 1", "2026-01-10T00:00:00.000Z", "2026-01-12T00:00:00.000Z"],
    // `*/2` in day-of-month still counts as unrestricted: weekday alone decides.
    ["0 0 */2 * 1", "2026-01-01T00:00:00.000Z", "2026-01-05T00:00:00.000Z"],
    ["0 0 1 1 *", "2026-12-31T23:59:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["@hourly", "2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z"],
    ["@daily", "2026-01-01T10:00:00.000Z", "2026-01-02T00:00:00.000Z"],
    ["@weekly", "2026-01-01T10:00:00.000Z", "2026-01-04T00:00:00.000Z"],
    ["@monthly", "2026-01-01T10:00:00.000Z", "2026-02-01T00:00:00.000Z"],
    ["@yearly", "2026-01-01T10:00:00.000Z", "2027-01-01T00:00:00.000Z"],
    ["  0   0 * * *  ", "2026-01-01T10:00:00.000Z", "2026-01-02T00:00:00.000Z"],
  ];
  for (const [expression, after, expected] of cases) {
    assert.equal(nextIso(expression, after), expected, `${expression} after ${after}`);
  }
});

test("matches() agrees with the fields", () => {
  const schedule = parseCron("30 2 * 6 sat");
  assert.equal(schedule.matches(at("2026-06-06T02:30:00.000Z")), true); // a Saturday in June
  assert.equal(schedule.matches(at("2026-06-07T02:30:00.000Z")), false); // Sunday
  assert.equal(schedule.matches(at("2026-07-04T02:30:00.000Z")), false); // July
  assert.equal(schedule.matches(at("2026-06-06T02:31:00.000Z")), false);
});

test("invalid expressions fail with CRON_INVALID naming the problem", () => {
  const cases: Array<[expression: string, messagePart: RegExp]> = [
    ["", /expected 5 fields/],
    ["* * * *", /expected 5 fields/],
    ["0 * * * * *", /expected 5 fields/],
    ["60 * * * *", /minute .*within 0-59/],
    ["* 24 * * *", /hour .*within 0-23/],
    ["* * 0 * *", /day-of-month .*within 1-31/],
    ["* * * 13 *", /month .*within 1-12/],
    ["* * * * 8", /day-of-week .*within 0-7/],
    ["*/0 * * * *", /step "0"/],
    ["*/x * * * *", /step "x"/],
    ["10-5 * * * *", /runs backwards/],
    ["1-2-3 * * * *", /not a range/],
    ["a * * * *", /not a number/],
    ["* * * foo *", /not a number or name/],
    ["1,,2 * * * *", /not a value/],
    ["1/2/3 * * * *", /not a value/],
    ["-1 * * * *", /not a number/],
    ["0 0 30 2 *", /never occurs/],
    ["0 0 31 apr,jun *", /never occurs/],
    ["@every_5m", /expected 5 fields/],
  ];
  for (const [expression, messagePart] of cases) {
    assert.throws(() => parseCron(expression), (error: unknown) => {
      assert.ok(OcError.is(error, "CRON_INVALID"), `${expression}: ${String(error)}`);
      assert.match(error.message, messagePart, expression);
      assert.equal(error.details?.expression, expression);
      return true;
    });
    assert.equal(isValidCron(expression), false, expression);
  }
});

test("every produced time matches, and no earlier minute does (property over many starts)", () => {
  const expressions = ["*/7 */5 * * *", "0 0 10 * 1", "15 4 1-7 * mon", "0 12 29 2 *", "3,33 1-23/3 * jan-mar,oct *"];
  for (const expression of expressions) {
    const schedule = parseCron(expression);
    let t = at("2026-01-01T00:00:00.000Z");
    for (let i = 0; i < 50; i++) {
      const next = schedule.next(t);
      assert.ok(next > t && schedule.matches(next), `${expression} #${i}`);
      if (next - t <= 3 * 86_400_000) {
        for (let m = Math.floor(t / 60_000) * 60_000 + 60_000; m < next; m += 60_000) assert.equal(schedule.matches(m), false);
      }
      t = next;
    }
  }
});
