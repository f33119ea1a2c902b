import { test } from "node:test";
import assert from "node:assert/strict";
import {
  INTERFACES_DMZ_SHUT, INTERFACES_NTC_FIXTURE, INTERFACES_TWO_DOWN, INTERFACES_UP, stripped,
} from "../../../test/sim/asa/outputs/index.ts";
import { isInterfaceDown, parseInterfaces } from "./interfaces.ts";

/** The interfaces an alarm is raised for, per output. */
const cases: Array<{ name: string; output: string; rows: number; down: string[] }> = [
  { name: "all configured interfaces up", output: INTERFACES_UP, rows: 7, down: [] },
  { name: "one link lost, one line protocol down", output: INTERFACES_TWO_DOWN, rows: 7, down: ["GigabitEthernet1/2", "GigabitEthernet1/3"] },
  { name: "an interface shut on purpose", output: INTERFACES_DMZ_SHUT, rows: 7, down: [] },
  // Internal-Control1/1 is up/down and Internal-Data1/2 down/down, but they carry no address.
  { name: "ntc-templates fixture", output: INTERFACES_NTC_FIXTURE, rows: 7, down: [] },
];

for (const { name, output, rows, down } of cases) {
  test(`show interface ip brief: ${name} — fixed-width and stripped`, () => {
    for (const form of [output, stripped(output), output.replace(/ {2,}/g, " ")]) {
      const parsed = parseInterfaces(form);
      assert.ok(parsed);
      assert.equal(parsed.length, rows);
      assert.deepEqual(parsed.filter(isInterfaceDown).map((row) => row.name), down);
    }
  });
}

test("show interface ip brief: two-word status and the columns of each row", () => {
  const rows = parseInterfaces(INTERFACES_NTC_FIXTURE)!;
  assert.deepEqual(rows[2], { name: "GigabitEthernet1/4", ip: "unassigned", status: "administratively down", protocol: "down" });
  assert.deepEqual(rows[6], { name: "Port-channel1.144", ip: "10.10.14.1", status: "up", protocol: "up" });
  assert.deepEqual(parseInterfaces(INTERFACES_TWO_DOWN)!.find((row) => row.name === "GigabitEthernet1/2"),
    { name: "GigabitEthernet1/2", ip: "10.1.0.1", status: "up", protocol: "down" });
});

test("show interface ip brief: a line after the header that is not a row, or no row at all, is unreadable output (null), not fewer interfaces", () => {
  const lines = INTERFACES_TWO_DOWN.split("\n");
  assert.equal(parseInterfaces([...lines.slice(0, 3), "GigabitEthernet1/3 <--- More --->", ...lines.slice(4)].join("\n")), null);
  assert.equal(parseInterfaces(lines[0]!), null, "the header alone");
  assert.equal(parseInterfaces(`${lines[0]}\n\n`), null);
  assert.equal(parseInterfaces(`${INTERFACES_TWO_DOWN}\n\n`)!.length, 7, "blank lines are not rows, nor errors");
});

test("an interface is down when addressed, not shut, and status or protocol is not up", () => {
  const row = (status: string, protocol: string, ip = "10.0.0.1") => ({ name: "Gi1/1", ip, status, protocol });
  assert.equal(isInterfaceDown(row("up", "up")), false);
  assert.equal(isInterfaceDown(row("up", "down")), true);
  assert.equal(isInterfaceDown(row("down", "down")), true);
  assert.equal(isInterfaceDown(row("administratively down", "down")), false);
  assert.equal(isInterfaceDown(row("down", "down", "unassigned")), false);
});

test("show interface ip brief: an error answer is not parsed", () => {
  assert.equal(parseInterfaces("         ^\nERROR: % Invalid input detected at '^' marker."), null);
});
