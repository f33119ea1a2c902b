import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FAILOVER_ACTIVE, FAILOVER_OFF, FAILOVER_PEER_FAILED, FAILOVER_PEER_SYNC, FAILOVER_STANDBY, INTERFACES_TWO_DOWN, showFailover,
} from "../../../test/sim/asa/outputs/index.ts";
import {
  cpuObservation, failoverMemory, failoverObservations, interfaceObservations, memoryObservation, roleChange, vpnObservations,
} from "./checks.ts";
import { parseFailover } from "./failover.ts";
import { parseInterfaces } from "./interfaces.ts";
import { eventsOf, type Observation } from "@opsconductor/sdk";

const failover = (output: string) => parseFailover(output)!;
const activeOnes = (observations: Observation[]) => observations.filter((o) => o.active).map((o) => o.problem);

test("failover: a healthy pair raises nothing; a failed mate or a down LAN link is degraded", () => {
  assert.deepEqual(activeOnes(failoverObservations(failover(FAILOVER_ACTIVE), true, undefined)), []);
  assert.deepEqual(activeOnes(failoverObservations(failover(FAILOVER_STANDBY), true, undefined)), []);
  const [, degraded] = failoverObservations(failover(FAILOVER_PEER_FAILED), true, undefined);
  assert.equal(degraded!.active, true);
  assert.equal(degraded!.message, "failover pair degraded: failover LAN link down; mate Failed");
  const split = failoverObservations(failover(showFailover({ thisState: "Active", otherState: "Active" })), false, undefined);
  assert.match(split[1]!.message, /both units active/);
  assert.equal(failoverObservations(failover(showFailover({ thisState: "Active", otherState: "Cold Standby" })), false, undefined)[1]!.active, true);
});

test("failover: on, but a unit's state cannot be read (active/active groups): degraded, saying so, never called healthy", () => {
  const activeActive = "Failover On\nFailover unit Primary\nFailover LAN Interface: folink GigabitEthernet1/8 (up)\n"
    + "  This host: Primary\n  Group 1       State:          Active\n  Group 2       State:          Standby Ready\n"
    + "  Other host: Secondary\n  Group 1       State:          Standby Ready\n  Group 2       State:          Active\n";
  const [, degraded] = failoverObservations(failover(activeActive), true, undefined);
  assert.equal(degraded!.active, true);
  assert.equal(degraded!.message, "failover pair degraded: this unit's state not read from show failover; mate's state not read from show failover");
});

test("failover: a transitional state (Sync Config) is degraded only when it lasts two polls", () => {
  const sync = failover(FAILOVER_PEER_SYNC);
  assert.equal(failoverObservations(sync, true, failoverMemory(failover(FAILOVER_ACTIVE)))[1]!.active, false);
  assert.equal(failoverMemory(sync).transitional, true);
  assert.equal(failoverObservations(sync, true, failoverMemory(sync))[1]!.active, true);
});

test("failover: off is an alarm only on a unit expected in a pair", () => {
  const off = failover(FAILOVER_OFF);
  assert.deepEqual(activeOnes(failoverObservations(off, true, undefined)), ["failover_off"]);
  assert.deepEqual(activeOnes(failoverObservations(off, false, undefined)), []);
});

test("failover: role changes between polls are failover_active / failover_standby", () => {
  const active = failover(FAILOVER_ACTIVE);
  const standby = failover(FAILOVER_STANDBY);
  assert.equal(roleChange(active, undefined), null, "nothing to compare at the first poll");
  assert.equal(roleChange(active, failoverMemory(active)), null);
  assert.equal(roleChange(standby, failoverMemory(active))?.type, "failover_standby");
  assert.equal(roleChange(active, failoverMemory(standby))?.type, "failover_active");
  assert.deepEqual(roleChange(active, failoverMemory(standby))?.metrics,
    { unit: "Primary", state: "Active", previous_state: "Standby Ready", last_failover: "03:45:17 UTC Dec 7 2025" });
  assert.equal(roleChange(failover(FAILOVER_OFF), failoverMemory(active)), null, "failover turned off is not a role change");
});

test("interfaces: one observation per addressed interface, resource = its name", () => {
  const observations = interfaceObservations(parseInterfaces(INTERFACES_TWO_DOWN)!);
  assert.deepEqual(observations.map((o) => [o.resource, o.active]), [
    ["GigabitEthernet1/1", false], ["GigabitEthernet1/2", true], ["GigabitEthernet1/3", true],
    ["Internal-Control1/1", false], ["Management1/1", false],
  ]);
  assert.deepEqual(observations[1]!.metrics, { interface: "GigabitEthernet1/2", ip: "10.1.0.1", status: "up", protocol: "down" });
});

test("CPU and memory: raised at the threshold, cleared only 5 points under it", () => {
  const cpu = (fiveMinutes: number, wasActive: boolean) => cpuObservation({ fiveSeconds: 0, oneMinute: 0, fiveMinutes }, 85, wasActive).active;
  assert.deepEqual([cpu(84, false), cpu(85, false), cpu(82, true), cpu(80, true)], [false, true, true, false]);
  const memory = (usedPercent: number, wasActive: boolean) => memoryObservation({ usedBytes: 0, totalBytes: 0, usedPercent }, 90, wasActive).active;
  assert.deepEqual([memory(89, false), memory(94, false), memory(86, true), memory(85, true)], [false, true, true, false]);
});

test("VPN: each expected peer without a session or established SA is down (resource = peer)", () => {
  const peers = new Map([["198.51.100.7", "READY"], ["198.51.100.9", "MM_WAIT_MSG2"]]);
  const observations = vpnObservations(["198.51.100.7", "198.51.100.9", "203.0.113.50"], peers, "show crypto isakmp sa");
  assert.deepEqual(observations.map((o) => [o.resource, o.active, o.metrics.state]), [
    ["198.51.100.7", false, "READY"], ["198.51.100.9", true, "MM_WAIT_MSG2"], ["203.0.113.50", true, "absent"],
  ]);
});

test("events: problems while active, one clear when a previous problem turns healthy, nothing for the always-healthy", () => {
  const target = { id: "fw1", host: "192.0.2.10", name: "fw-edge1" };
  const observation = (resource: string, active: boolean): Observation =>
    ({ problem: "interface_down", clear: "interface_up", resource, active, metrics: {}, message: resource });
  const at = "2026-03-03T14:00:00.000Z";
  const first = eventsOf(target, [observation("a", true), observation("b", false)], [], at);
  assert.deepEqual(first.events.map((e) => [e.alert_type, e.resource]), [["interface_down", "a"]]);
  assert.deepEqual(first.active, ["interface_down|a"]);
  const second = eventsOf(target, [observation("a", false), observation("b", false)], first.active, at);
  assert.deepEqual(second.events.map((e) => [e.alert_type, e.resource, e.timestamp, e.target]), [["interface_up", "a", at, "fw1"]]);
  assert.deepEqual(second.active, []);
});
