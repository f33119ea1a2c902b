import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { alertTypeBase, parseSeedMappings, seedToMappingSnapshot } from "@opsconductor/sdk";
import { AsaNormalizer } from "./normalizer.ts";

const seed = parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url)));
const snapshot = seedToMappingSnapshot("opsconductor.cisco-asa", seed);
const PAIRS = [
  ["interface_down", "interface_up"], ["vpn_tunnel_down", "vpn_tunnel_up"], ["high_cpu", "high_cpu_normal"],
  ["high_memory", "high_memory_normal"], ["failover_degraded", "failover_restored"], ["failover_off", "failover_on"],
];

test("seed: every clear the connector sends resolves exactly its problem (same fingerprint base)", () => {
  const normalizer = new AsaNormalizer(snapshot);
  for (const [problem, clear] of PAIRS) {
    assert.equal(alertTypeBase(clear!, snapshot), alertTypeBase(problem!, snapshot), `${clear} → ${problem}`);
    assert.equal(normalizer.roleOf(problem!), "problem");
    assert.equal(normalizer.roleOf(clear!), "clear");
  }
  const bases = PAIRS.map(([problem]) => alertTypeBase(problem!, snapshot));
  assert.equal(new Set(bases).size, bases.length, "no two problems share a base");
});

test("seed: every alert type the connector raises has a severity row and a title template", () => {
  const types = [...PAIRS.flat(), "failover_active", "failover_standby"];
  for (const type of types) assert.ok(snapshot.severity[type], `severity row for ${type}`);
  const templated = new Set((seed.alert_types ?? []).map((row) => row.alert_type));
  for (const [problem] of PAIRS) assert.ok(templated.has(problem!), `template for ${problem}`);
});

test("an event type an admin disabled normalizes to null", () => {
  const disabled = new AsaNormalizer({ ...snapshot, severity: { ...snapshot.severity, high_cpu: { severity: "warning", enabled: false } } });
  assert.equal(disabled.normalize({ alert_type: "high_cpu", device_ip: "192.0.2.10", device_name: "fw", timestamp: "2026-03-03T14:00:00.000Z", metrics: {} }), null);
});
