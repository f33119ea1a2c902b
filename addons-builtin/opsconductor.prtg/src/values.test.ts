import { test } from "node:test";
import assert from "node:assert/strict";
import { integerOf, numberOf, oleDateToIso, plainText, rawOrDisplay, textOf } from "./values.ts";

test("numbers arrive as numbers or strings; anything else is not a number", () => {
  assert.equal(numberOf(5), 5);
  assert.equal(numberOf(" 102559336.0512 "), 102559336.0512);
  assert.equal(numberOf("-3"), -3);
  for (const value of ["", "5 ms", "0x10", null, undefined, Number.NaN, true]) assert.equal(numberOf(value), undefined, String(value));
  assert.equal(integerOf("9508"), 9508);
  assert.equal(integerOf("1.5"), undefined);
  assert.equal(textOf(9508), "9508");
  assert.equal(textOf("  "), undefined);
});

test("HTML display cells become text", () => {
  assert.equal(plainText('<div class="status">OK<div class="moreicon"></div></div>'), "OK");
  assert.equal(plainText("Timeout &lt;10s&gt; &amp; retry&#33;&nbsp;<b>now</b>"), "Timeout <10s> & retry! now");
});

test("OLE automation dates (days since 1899-12-30) as ISO; out of range is nothing", () => {
  assert.equal(oleDateToIso(46054.4166666667), "2026-02-01T10:00:00.000Z");
  assert.equal(oleDateToIso("25569"), "1970-01-01T00:00:00.000Z");
  assert.equal(oleDateToIso(""), undefined);
  assert.equal(oleDateToIso(0), undefined);
});

test("a _raw twin is preferred; without it, the display column", () => {
  assert.equal(rawOrDisplay({ priority: "***", priority_raw: 3 }, "priority"), 3);
  assert.equal(rawOrDisplay({ priority: "3" }, "priority"), "3");
});
