import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FAILOVER_ACTIVE, FAILOVER_NTC_FIXTURE, FAILOVER_OFF, FAILOVER_PEER_FAILED, FAILOVER_PEER_SYNC, FAILOVER_STANDBY, stripped,
} from "../../../test/sim/asa/outputs/index.ts";
import { isHealthyState, parseFailover, roleOf, type FailoverStatus } from "./failover.ts";

const cases: Array<{ name: string; output: string; expected: FailoverStatus }> = [
  { name: "healthy pair, this unit active", output: FAILOVER_ACTIVE, expected: {
    enabled: true, unit: "Primary", lanUp: true, lastFailover: "03:45:17 UTC Dec 7 2025", thisState: "Active", otherState: "Standby Ready" } },
  { name: "after a failover, this unit standby", output: FAILOVER_STANDBY, expected: {
    enabled: true, unit: "Primary", lanUp: true, lastFailover: "14:02:51 UTC Mar 3 2026", thisState: "Standby Ready", otherState: "Active" } },
  { name: "mate failed, LAN link down", output: FAILOVER_PEER_FAILED, expected: {
    enabled: true, unit: "Primary", lanUp: false, lastFailover: "14:02:51 UTC Mar 3 2026", thisState: "Active", otherState: "Failed" } },
  { name: "mate synchronising", output: FAILOVER_PEER_SYNC, expected: {
    enabled: true, unit: "Primary", lanUp: true, lastFailover: "03:45:17 UTC Dec 7 2025", thisState: "Active", otherState: "Sync Config" } },
  { name: "ntc-templates fixture", output: FAILOVER_NTC_FIXTURE, expected: {
    enabled: true, unit: "Primary", lanUp: true, lastFailover: "12:52:34 UTC Apr 26 2017", thisState: "Active", otherState: "Standby Ready" } },
  { name: "failover off (not configured)", output: FAILOVER_OFF, expected: { enabled: false, unit: "Secondary" } },
];

for (const { name, output, expected } of cases) {
  test(`show failover: ${name} — as printed (indented) and stripped`, () => {
    assert.deepEqual(parseFailover(output), expected);
    assert.deepEqual(parseFailover(stripped(output)), expected);
    assert.deepEqual(parseFailover(output.replaceAll("\n", "\r\n").replaceAll("\r", "")), expected, "CR-free lines (what the broker returns)");
  });
}

test("show failover: the trailing blank after a state is not part of it", () => {
  assert.ok(FAILOVER_ACTIVE.includes("This host: Primary - Active \n"), "the sample keeps the device's trailing blank");
  assert.equal(parseFailover(FAILOVER_ACTIVE)?.thisState, "Active");
});

test("show failover: an error answer or another command's output is not parsed", () => {
  assert.equal(parseFailover("         ^\nERROR: % Invalid input detected at '^' marker."), null);
  assert.equal(parseFailover("CPU utilization for 5 seconds = 1%; 1 minute: 2%; 5 minutes: 3%"), null);
  assert.equal(parseFailover(""), null);
});

test("failover states: healthy, and the role each means", () => {
  assert.deepEqual(["Active", "Standby Ready", "Failed", "Cold Standby", "Sync Config"].map(isHealthyState), [true, true, false, false, false]);
  assert.deepEqual(["Active", "Just Active", "Active Drain", "Standby Ready", "Failed", "Negotiation", undefined].map(roleOf),
    ["active", "active", "active", "standby", undefined, undefined, undefined]);
});
