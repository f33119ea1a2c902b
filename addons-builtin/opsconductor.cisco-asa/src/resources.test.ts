import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CPU_HIGH, CPU_LOW, indented, MEMORY_HIGH, MEMORY_LOW, MEMORY_WITH_NOTE, showMemory, stripped,
} from "../../../test/sim/asa/outputs/index.ts";
import { parseCpu, parseMemory } from "./resources.ts";

const REFERENCE_MEMORY = `Free memory:        1441865728 bytes (67%)
Used memory:         705617920 bytes (33%)
-------------     ------------------
Total memory:       2147483648 bytes (100%)`;

const cpuCases = [
  { name: "idle", output: CPU_LOW, expected: { fiveSeconds: 1, oneMinute: 2, fiveMinutes: 3 } },
  { name: "busy", output: CPU_HIGH, expected: { fiveSeconds: 97, oneMinute: 95, fiveMinutes: 92 } },
  { name: "multi-core (overall line first)", output: `${CPU_LOW}\nVirtual platform CPU resources\n  Core 0: 5%`, expected: { fiveSeconds: 1, oneMinute: 2, fiveMinutes: 3 } },
];
for (const { name, output, expected } of cpuCases) {
  test(`show cpu usage: ${name} — as printed, indented and stripped`, () => {
    assert.notEqual(indented(output), stripped(output));
    for (const form of [output, indented(output), stripped(output)]) assert.deepEqual(parseCpu(form), expected);
  });
}

const memoryCases = [
  { name: "the reference sample", output: REFERENCE_MEMORY, expected: { usedBytes: 705617920, totalBytes: 2147483648, usedPercent: 33 } },
  { name: "low", output: MEMORY_LOW, expected: { usedBytes: 708669604, totalBytes: 2147483648, usedPercent: 33 } },
  { name: "high", output: MEMORY_HIGH, expected: { usedBytes: 2018634629, totalBytes: 2147483648, usedPercent: 94 } },
  { name: "without percentages: computed", output: "Free memory: 750 bytes\nUsed memory: 250 bytes", expected: { usedBytes: 250, totalBytes: 1000, usedPercent: 25 } },
  { name: "9.x, with its indented note", output: MEMORY_WITH_NOTE, expected: { usedBytes: 4000458798, totalBytes: 8511614464, usedPercent: 47 } },
];
for (const { name, output, expected } of memoryCases) {
  test(`show memory: ${name} — as printed, indented and stripped`, () => {
    assert.notEqual(indented(output), stripped(output));
    for (const form of [output, indented(output), stripped(output)]) assert.deepEqual(parseMemory(form), expected);
  });
}

test("show cpu usage / show memory: error answers are not parsed", () => {
  const error = "         ^\nERROR: % Invalid input detected at '^' marker.";
  assert.equal(parseCpu(error), null);
  assert.equal(parseMemory(error), null);
  assert.equal(parseMemory(showMemory(50).split("\n").slice(2).join("\n")), null, "no Used line");
  assert.equal(parseMemory("Used memory:        1073741824 bytes"), null, "used bytes alone: no percentage can be had (not 100%)");
  assert.equal(parseMemory("Used memory:        1073741824 bytes\nFree memory:        1073741824 bytes")?.usedPercent, 50, "used and free suffice");
});
