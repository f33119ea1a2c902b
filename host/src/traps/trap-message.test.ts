import { test } from "node:test";
import assert from "node:assert/strict";
import { netSnmp } from "./net-snmp-receiver.ts";
import { plainAddress, toTrapMessage } from "./trap-message.ts";

const rinfo = { address: "::ffff:192.0.2.7", port: 50162 };

test("a v1 generic trap g becomes snmpTrapOID 1.3.6.1.6.3.1.1.5.(g+1), with sysUpTime first and the v1 fields kept", () => {
  const message = toTrapMessage({ rinfo, pdu: {
    type: netSnmp.PduType.Trap, enterprise: "1.3.6.1.4.1.9", agentAddr: "192.0.2.8", generic: 2, specific: 0, upTime: 4242,
    varbinds: [{ oid: "1.3.6.1.2.1.2.2.1.1.3", type: 2, value: 3 }], community: "public",
  } });
  assert.equal(message.version, "v1");
  assert.equal(message.trapOid, "1.3.6.1.6.3.1.1.5.3", "linkDown");
  assert.deepEqual(message.source, { address: "192.0.2.7", port: 50162 });
  assert.deepEqual(message.varbinds.map((varbind) => varbind.oid), [
    "1.3.6.1.2.1.1.3.0", "1.3.6.1.6.3.1.1.4.1.0", "1.3.6.1.2.1.2.2.1.1.3", "1.3.6.1.6.3.18.1.3.0", "1.3.6.1.6.3.1.1.4.3.0",
  ]);
  assert.equal(message.varbinds[0]!.value, 4242);
  assert.equal(message.varbinds[3]!.value, "192.0.2.8", "snmpTrapAddress.0 is the agent-addr");
  assert.deepEqual(message.v1, { enterprise: "1.3.6.1.4.1.9", agentAddr: "192.0.2.8", generic: 2, specific: 0, upTime: 4242 });
  assert.equal(message.community, undefined, "the community never goes to the addon");
});

test("a v1 enterprise-specific trap becomes enterprise.0.specific", () => {
  const message = toTrapMessage({ rinfo, pdu: {
    type: netSnmp.PduType.Trap, enterprise: "1.3.6.1.4.1.534.1", agentAddr: "192.0.2.8", generic: 6, specific: 11, upTime: 1, varbinds: [],
  } });
  assert.equal(message.trapOid, "1.3.6.1.4.1.534.1.0.11");
});

test("a v2c trap keeps its varbinds and takes its OID from snmpTrapOID.0; a v3 one is told by its user", () => {
  const varbinds = [
    { oid: "1.3.6.1.2.1.1.3.0", type: 67, value: 100 },
    { oid: "1.3.6.1.6.3.1.1.4.1.0", type: 6, value: "1.3.6.1.6.3.1.1.5.4" },
    { oid: "1.3.6.1.2.1.2.2.1.2.3", type: 4, value: Buffer.from("eth3") },
  ];
  const v2c = toTrapMessage({ rinfo, pdu: { type: netSnmp.PduType.TrapV2, varbinds, community: "c" } });
  assert.equal(v2c.version, "v2c");
  assert.equal(v2c.trapOid, "1.3.6.1.6.3.1.1.5.4");
  assert.deepEqual(v2c.varbinds[2], { oid: "1.3.6.1.2.1.2.2.1.2.3", type: "OctetString", value: "eth3" });
  assert.equal(toTrapMessage({ rinfo, pdu: { type: netSnmp.PduType.TrapV2, varbinds, user: "trapper" } }).version, "v3");
});

test("IPv4-mapped IPv6 sources compare as IPv4", () => {
  assert.equal(plainAddress("::ffff:10.0.0.1"), "10.0.0.1");
  assert.equal(plainAddress("2001:db8::1"), "2001:db8::1");
});
