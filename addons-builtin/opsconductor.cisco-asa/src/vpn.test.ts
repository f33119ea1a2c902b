import { test } from "node:test";
import assert from "node:assert/strict";
import {
  indented, ISAKMP_REFERENCE, L2L_DETAIL, L2L_LEGACY, showCryptoIsakmpSa, showVpnSessiondbL2l, stripped,
} from "../../../test/sim/asa/outputs/index.ts";
import { isTunnelUp, parseIsakmpSa, parseVpnSessiondb } from "./vpn.ts";

const sessiondbCases: Array<{ name: string; output: string; expected: Record<string, string> }> = [
  { name: "two peers (9.x)", output: showVpnSessiondbL2l([{ peer: "198.51.100.7" }, { peer: "198.51.100.9", protocol: "IKEv1 IPsec" }]),
    expected: { "198.51.100.7": "up", "198.51.100.9": "up" } },
  { name: "one peer", output: showVpnSessiondbL2l([{ peer: "198.51.100.7" }]), expected: { "198.51.100.7": "up" } },
  { name: "no sessions", output: showVpnSessiondbL2l([]), expected: {} },
  { name: "8.x rendering (reference sample)", output: L2L_LEGACY, expected: { "3.23.33.1": "up" } },
  { name: "detail: the indented tunnel sub-blocks name networks, not peers", output: L2L_DETAIL, expected: { "198.51.100.7": "up" } },
];
for (const { name, output, expected } of sessiondbCases) {
  test(`show vpn-sessiondb l2l: ${name} — as printed, indented and stripped`, () => {
    assert.notEqual(indented(output), stripped(output));
    for (const form of [output, indented(output), stripped(output)]) assert.deepEqual(Object.fromEntries(parseVpnSessiondb(form)!), expected);
  });
}

const isakmpCases: Array<{ name: string; output: string; expected: Record<string, string> }> = [
  { name: "reference IKEv1 sample", output: ISAKMP_REFERENCE, expected: { "192.168.255.11": "MM_ACTIVE" } },
  { name: "IKEv1 and IKEv2, all established", output: showCryptoIsakmpSa([
    { peer: "198.51.100.9", state: "MM_ACTIVE" }, { peer: "198.51.100.7", state: "READY", version: 2 }]),
    expected: { "198.51.100.9": "MM_ACTIVE", "198.51.100.7": "READY" } },
  { name: "one stuck in main mode, one IKEv2 negotiating", output: showCryptoIsakmpSa([
    { peer: "198.51.100.9", state: "MM_WAIT_MSG2" }, { peer: "198.51.100.7", state: "IN-NEG", version: 2 }]),
    expected: { "198.51.100.9": "MM_WAIT_MSG2", "198.51.100.7": "IN-NEG" } },
  { name: "no SAs at all", output: showCryptoIsakmpSa([]), expected: {} },
];
for (const { name, output, expected } of isakmpCases) {
  test(`show crypto isakmp sa: ${name} — as printed, indented and stripped`, () => {
    assert.notEqual(indented(output), stripped(output));
    for (const form of [output, indented(output), stripped(output)]) assert.deepEqual(Object.fromEntries(parseIsakmpSa(form)!), expected);
  });
}

test("show vpn-sessiondb l2l with no sessions, however a release words it: another INFO line, or nothing", () => {
  for (const output of ["INFO: There are presently no active sessions", "INFO: There are no LAN-to-LAN sessions\r\n", "", "\r\n  \r\n"]) {
    assert.deepEqual(parseVpnSessiondb(output), new Map(), JSON.stringify(output));
  }
  assert.equal(parseVpnSessiondb("INFO: something\nSession Type: garbled"), null, "INFO plus other text is not an empty answer");
});

test("VPN outputs: error answers are not parsed; tunnel states", () => {
  const error = "         ^\nERROR: % Invalid input detected at '^' marker.";
  assert.equal(parseVpnSessiondb(error), null);
  assert.equal(parseIsakmpSa(error), null);
  assert.equal(parseVpnSessiondb("Free memory: 1 bytes"), null, "another command's output");
  assert.deepEqual(["up", "MM_ACTIVE", "AM_ACTIVE", "READY", "MM_WAIT_MSG2", "IN-NEG", undefined].map(isTunnelUp),
    [true, true, true, true, false, false, false]);
});
