import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { alertTypeBase, parseSeedMappings, seedToMappingSnapshot, type RawEvent } from "@opsconductor/sdk";
import { EatonUpsNormalizer } from "./normalizer.ts";

const snapshot = seedToMappingSnapshot("opsconductor.eaton-ups-snmp", parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url))));
const PAIRS = [
  ["on_battery", "on_utility"], ["low_battery", "low_battery_cleared"], ["battery_fault", "battery_fault_cleared"],
  ["overload", "overload_cleared"], ["high_temperature", "high_temperature_cleared"],
];

test("seed: every clear the connector sends resolves exactly its problem", () => {
  const normalizer = new EatonUpsNormalizer(snapshot);
  for (const [problem, clear] of PAIRS) {
    assert.equal(alertTypeBase(clear!, snapshot), alertTypeBase(problem!, snapshot), `${clear} → ${problem}`);
    assert.equal(normalizer.roleOf(problem!), "problem");
    assert.equal(normalizer.roleOf(clear!), "clear");
  }
  assert.equal(new Set(PAIRS.map(([problem]) => alertTypeBase(problem!, snapshot))).size, PAIRS.length);
});

test("ups_alarm: the alarm's own severity, unless an admin maps the type", () => {
  const raw: RawEvent = { alert_type: "ups_alarm", device_ip: "192.0.2.50", device_name: "ups", resource: "1.3.6.1.2.1.33.1.6.3.23",
    timestamp: "2026-03-03T07:00:00.000Z", metrics: { alarm: "upsAlarmShutdownImminent", alarm_severity: "critical" } };
  assert.equal(new EatonUpsNormalizer(snapshot).normalize(raw)?.severity, "critical");
  assert.equal(new EatonUpsNormalizer(snapshot).normalize({ ...raw, metrics: { alarm: "x" } })?.severity, "major", "no hint: the default");
  const tuned = new EatonUpsNormalizer({ ...snapshot, severity: { ...snapshot.severity, ups_alarm: { severity: "minor" } } });
  assert.equal(tuned.normalize(raw)?.severity, "minor");
  const disabled = new EatonUpsNormalizer({ ...snapshot, severity: { ...snapshot.severity, ups_alarm: { severity: "minor", enabled: false } } });
  assert.equal(disabled.normalize(raw), null);
});
