import { test } from "node:test";
import assert from "node:assert/strict";
import { alertTypeOf, codeOfText, polledStatuses, statusOf } from "./status.ts";

test("status_raw wins, as a number or a string; the display text is kept as PRTG wrote it", () => {
  assert.deepEqual(statusOf({ status: "Down", status_raw: 5 }), { code: 5, text: "Down" });
  assert.deepEqual(statusOf({ status: "Fehler", status_raw: "5" }), { code: 5, text: "Fehler" }, "a localized text, keyed off the code");
  assert.deepEqual(statusOf({ status_raw: 13 }), { code: 13, text: "Down (Acknowledged)" }, "no text: the code's name");
  assert.deepEqual(statusOf({}), { code: undefined, text: "in an unknown state" });
});

test("without status_raw, PRTG's English display text gives the code", () => {
  const cases: Array<[string, number | undefined]> = [
    ["Down", 5], ["Down (Acknowledged)", 13], ["Down  (Partial)", 14], ["Warning", 4], ["Unusual", 10], ["Up", 3],
    ["Unknown", 1], ["No Probe", 6], ["Collecting", 2], ["None", 0],
    ["Paused (paused by user)", 7], ["Paused (paused by dependency)", 8], ["Paused (paused by schedule)", 9],
    ["Paused (paused by license)", 11], ["Paused until 3/1/2026 8:00:00 AM", 12], ["Paused", 7],
    ["Sideways", undefined], ["Upset", undefined],
  ];
  for (const [text, code] of cases) assert.equal(codeOfText(text), code, text);
});

test("alert types: problems always, paused only when reported, the rest never", () => {
  assert.equal(alertTypeOf(5, false), "sensor_down");
  assert.equal(alertTypeOf(14, false), "sensor_down_partial");
  assert.equal(alertTypeOf(6, false), "sensor_unknown");
  assert.equal(alertTypeOf(7, false), undefined);
  assert.equal(alertTypeOf(7, true), "sensor_paused");
  assert.equal(alertTypeOf(8, true), "sensor_paused_by_dependency");
  for (const code of [0, 2, 3, 15, undefined]) assert.equal(alertTypeOf(code, true), undefined, String(code));
  assert.deepEqual(polledStatuses(false), [1, 4, 5, 6, 10, 13, 14]);
});
