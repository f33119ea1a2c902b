import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { alertTypeBase, parseSeedMappings, seedToMappingSnapshot, type RawEvent } from "@opsconductor/sdk";
import { SnmpTrapsNormalizer } from "./normalizer.ts";

const snapshot = seedToMappingSnapshot("opsconductor.snmp-traps", parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url))));
const PAIRS = [
  ["link_down", "link_up"], ["on_battery", "utility_power_restored"], ["low_battery", "return_from_low_battery"],
  ["ups_alarm", "ups_alarm_cleared"], ["ups_control_off", "ups_control_on"],
];

test("seed: each clear resolves exactly its problem; authenticationFailure has no clear", () => {
  const normalizer = new SnmpTrapsNormalizer(snapshot);
  for (const [problem, clear] of PAIRS) {
    assert.equal(alertTypeBase(clear!, snapshot), alertTypeBase(problem!, snapshot), `${clear} → ${problem}`);
    assert.equal(normalizer.roleOf(problem!), "problem");
    assert.equal(normalizer.roleOf(clear!), "clear");
  }
  const bases = [...PAIRS.map(([problem]) => alertTypeBase(problem!, snapshot)), alertTypeBase("authentication_failure", snapshot)];
  assert.equal(new Set(bases).size, bases.length);
  assert.equal(normalizer.roleOf("authentication_failure"), "problem");
  for (const notice of ["cold_start", "warm_start", "ups_test_completed", "snmp_trap"]) assert.equal(normalizer.roleOf(notice), "notice", notice);
});

test("ups_alarm: the alarm's own severity unless an admin maps the type", () => {
  const raw: RawEvent = { alert_type: "ups_alarm", device_ip: "192.0.2.50", device_name: "ups", resource: "1.3.6.1.4.1.534.1.7.16",
    timestamp: "2026-03-03T02:31:00.000Z", metrics: { alarm: "xupsShutdownImminent", alarm_severity: "critical" } };
  assert.equal(new SnmpTrapsNormalizer(snapshot).normalize(raw)?.severity, "critical");
  const tuned = new SnmpTrapsNormalizer({ ...snapshot, severity: { ...snapshot.severity, ups_alarm: { severity: "warning" } } });
  assert.equal(tuned.normalize(raw)?.severity, "warning");
});

test("unknown traps can be switched off by an admin, never silently by the addon", () => {
  const raw: RawEvent = { alert_type: "snmp_trap", device_ip: "192.0.2.20", device_name: "sw", timestamp: "2026-03-03T09:04:00.000Z", metrics: {} };
  assert.equal(new SnmpTrapsNormalizer(snapshot).normalize(raw)?.role, "notice");
  assert.equal(new SnmpTrapsNormalizer({ ...snapshot, severity: { snmp_trap: { severity: "info", enabled: false } } }).normalize(raw), null);
});
