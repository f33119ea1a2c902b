import { test } from "node:test";
import assert from "node:assert/strict";
import type { Varbind } from "@opsconductor/sdk";
import { knownAlarm, parseAlarmTable } from "./alarms.ts";

const TABLE = "1.3.6.1.2.1.33.1.6.2";
const row = (index: number, descr: string, time: number): Varbind[] => [
  { oid: `${TABLE}.1.1.${index}`, type: "Integer", value: index },
  { oid: `${TABLE}.1.2.${index}`, type: "OID", value: descr },
  { oid: `${TABLE}.1.3.${index}`, type: "TimeTicks", value: time },
];

test("a walked alarm table (column by column) becomes one entry per row", () => {
  const walked = [...row(4, "1.3.6.1.2.1.33.1.6.3.2", 1000), ...row(9, "1.3.6.1.2.1.33.1.6.3.16", 2000)];
  const columnOrder = [0, 3, 1, 4, 2, 5].map((i) => walked[i]!); // what a walk returns: column 1 of every row, then column 2...
  assert.deepEqual(parseAlarmTable("UPS-MIB", TABLE, columnOrder), [
    { mib: "UPS-MIB", id: 4, descr: "1.3.6.1.2.1.33.1.6.3.2", time: 1000 },
    { mib: "UPS-MIB", id: 9, descr: "1.3.6.1.2.1.33.1.6.3.16", time: 2000 },
  ]);
});

test("alarm table: leading dots, missing columns and foreign varbinds are tolerated; a row without a readable descr is kept as an unknown alarm", () => {
  const varbinds: Varbind[] = [
    { oid: `.${TABLE}.1.2.3`, type: "OID", value: ".1.3.6.1.4.1.534.1.7.16" },
    { oid: "1.3.6.1.2.1.33.1.6.1.0", type: "Gauge32", value: 1 },
    { oid: `${TABLE}.1.2.5`, type: "NoSuchInstance", value: null },
    { oid: `${TABLE}.1.1.7`, type: "Integer", value: 7 },
    { oid: `${TABLE}.1.2.7`, type: "NoSuchInstance", value: null },
    { oid: `${TABLE}.1.3.7`, type: "TimeTicks", value: 3000 },
  ];
  assert.deepEqual(parseAlarmTable("XUPS-MIB", TABLE, varbinds), [
    { mib: "XUPS-MIB", id: 3, descr: "1.3.6.1.4.1.534.1.7.16", time: null },
    { mib: "XUPS-MIB", id: 7, descr: "unreadable (row 7)", time: 3000 },
  ], "row 5 has nothing at all: no row; row 7 has an id and a time but no descr: an alarm all the same");
  assert.deepEqual(parseAlarmTable("UPS-MIB", TABLE, []), []);
});

test("the alarm catalogue: known names, the checks they feed, severities; unknown OIDs are major", () => {
  assert.deepEqual(knownAlarm("1.3.6.1.2.1.33.1.6.3.2"), { name: "upsAlarmOnBattery", feeds: "on_battery" });
  assert.deepEqual(knownAlarm(".1.3.6.1.4.1.534.1.7.9"), { name: "xupsBatteryDischarged", feeds: "low_battery" });
  assert.deepEqual(knownAlarm("1.3.6.1.2.1.33.1.6.3.23"), { name: "upsAlarmShutdownImminent", severity: "critical" });
  assert.deepEqual(knownAlarm("1.3.6.1.4.1.534.1.7.99"), { name: "1.3.6.1.4.1.534.1.7.99", severity: "major" });
});
