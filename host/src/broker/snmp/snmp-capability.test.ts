import assert from "node:assert/strict";
import { createCipheriv } from "node:crypto";
import { after, before, test } from "node:test";
import { startSnmpAgent, type SnmpAgentSimulator } from "../../../../test/sim/snmp-agent/snmp-agent.ts";
import { testBroker } from "../core/testing.ts";

const COMMUNITY = "n0c-read-only";
const V3 = { user: "opsv3", authKey: "auth-key-123456", privKey: "priv-key-654321" };
let agent: SnmpAgentSimulator;

before(async () => {
  agent = await startSnmpAgent({
    communities: [COMMUNITY],
    users: [{ name: V3.user, authProtocol: "sha", authKey: V3.authKey, privProtocol: "aes", privKey: V3.privKey }],
    scalars: [
      { oid: "1.3.6.1.2.1.1.5", type: "OctetString", value: "ups-basement" },
      { oid: "1.3.6.1.2.1.1.3", type: "TimeTicks", value: 4_294_000 },
      { oid: "1.3.6.1.2.1.2.2.1.6.99", type: "OctetString", value: Buffer.from("001a2b3c4d5e", "hex") },
      { oid: "1.3.6.1.2.1.31.1.1.1.6.1", type: "Counter64", value: Buffer.from("0100000000000000", "hex") },
    ],
    tables: [{
      oid: "1.3.6.1.4.1.534.1.7.2", // an XUPS-style alarm table
      columns: [{ number: 1, name: "alarmId", type: "Integer" }, { number: 2, name: "alarmDescr", type: "OID" }, { number: 3, name: "alarmTime", type: "TimeTicks" }],
      rows: [[1, "1.3.6.1.4.1.534.1.7.3", 100], [2, "1.3.6.1.4.1.534.1.7.12", 200]],
    }],
  });
});
after(() => agent.close());

const v2cKit = (community = COMMUNITY, limits = { timeoutMs: 1500, maxResponseBytes: 65536, callsPerOperation: 20 }) => testBroker({
  targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: agent.port }],
  config: { snmp_version: "2c" }, secrets: { snmp_community: community }, limits,
});

test("v2c get returns plain varbinds: text, numbers, hex for binary, Counter64 as a string, null for a missing object", async () => {
  const kit = v2cKit();
  try {
    const varbinds = await kit.broker.capabilities.snmp.get("ups", [
      "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.2.2.1.6.99.0", "1.3.6.1.2.1.31.1.1.1.6.1.0", "1.3.6.1.2.1.1.9.0",
    ]);
    assert.deepEqual(varbinds, [
      { oid: "1.3.6.1.2.1.1.5.0", type: "OctetString", value: "ups-basement" },
      { oid: "1.3.6.1.2.1.1.3.0", type: "TimeTicks", value: 4_294_000 },
      { oid: "1.3.6.1.2.1.2.2.1.6.99.0", type: "OctetString", value: "00:1a:2b:3c:4d:5e" },
      { oid: "1.3.6.1.2.1.31.1.1.1.6.1.0", type: "Counter64", value: "72057594037927936" },
      { oid: "1.3.6.1.2.1.1.9.0", type: "NoSuchObject", value: null },
    ]);
    assert.equal(JSON.stringify(varbinds), JSON.stringify(structuredClone(varbinds)), "plain data");
  } finally {
    await kit.close();
  }
});

test("v2c walk returns the table's subtree and stops at its end", async () => {
  const kit = v2cKit();
  try {
    const rows = await kit.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2");
    assert.deepEqual(rows.map((v) => `${v.oid}=${v.value}`), [
      "1.3.6.1.4.1.534.1.7.2.1.1.1=1", "1.3.6.1.4.1.534.1.7.2.1.1.2=2",
      "1.3.6.1.4.1.534.1.7.2.1.2.1=1.3.6.1.4.1.534.1.7.3", "1.3.6.1.4.1.534.1.7.2.1.2.2=1.3.6.1.4.1.534.1.7.12",
      "1.3.6.1.4.1.534.1.7.2.1.3.1=100", "1.3.6.1.4.1.534.1.7.2.1.3.2=200",
    ]);
  } finally {
    await kit.close();
  }
});

test("a walk that reaches the end of the agent's MIB ends there instead of waiting out the timeout", async () => {
  const kit = v2cKit();
  try {
    // The alarm table's last column is the last object the agent serves.
    const rows = await kit.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2.1.3");
    assert.deepEqual(rows.map((v) => v.value), [100, 200]);
    // A subtree beyond the last object: nothing to return, and no waiting.
    assert.deepEqual(await kit.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.9999"), []);
  } finally {
    await kit.close();
  }
});

test("v3 authPriv (SHA + AES) with the USM user from config and keys from secrets", async () => {
  const kit = testBroker({
    targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: agent.port }],
    config: { snmp_version: "3", snmp_user: V3.user, snmp_auth_protocol: "sha", snmp_priv_protocol: "aes" },
    secrets: { snmp_auth_key: V3.authKey, snmp_priv_key: V3.privKey },
  });
  try {
    const [sysName] = await kit.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]);
    assert.equal(sysName!.value, "ups-basement");
    assert.equal((await kit.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2")).length, 6);
  } finally {
    await kit.close();
  }
});

test("a wrong community is a timeout (agents drop it silently); an unknown v3 user is an auth error", async () => {
  const wrong = v2cKit("public", { timeoutMs: 400, maxResponseBytes: 65536, callsPerOperation: 5 });
  const unknownUser = testBroker({
    targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: agent.port }],
    config: { snmp_version: "3", snmp_user: "intruder" }, secrets: { snmp_auth_key: V3.authKey, snmp_priv_key: V3.privKey },
  });
  try {
    await assert.rejects(wrong.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]), { code: "BROKER_SNMP_TIMEOUT" });
    await assert.rejects(wrong.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2"), { code: "BROKER_SNMP_TIMEOUT" });
    await assert.rejects(unknownUser.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]), { code: "BROKER_SNMP_AUTH" });
    assert.ok(!wrong.logger.text().includes("public"));
  } finally {
    await Promise.all([wrong.close(), unknownUser.close()]);
  }
});

test("refusals: unknown target, malformed OIDs, missing community, a walk over the size cap", async () => {
  const kit = v2cKit(COMMUNITY, { timeoutMs: 1500, maxResponseBytes: 60, callsPerOperation: 20 });
  const noCommunity = testBroker({ targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: agent.port }] });
  try {
    await assert.rejects(kit.broker.capabilities.snmp.get("router", ["1.3.6.1.2.1.1.5.0"]), { code: "BROKER_TARGET_UNKNOWN" });
    await assert.rejects(kit.broker.capabilities.snmp.get("ups", ["sysName.0"]), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(kit.broker.capabilities.snmp.get("ups", []), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(noCommunity.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]), { code: "BROKER_SECRET_UNKNOWN" });
    await assert.rejects(kit.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2"), { code: "BROKER_RESPONSE_TOO_LARGE" });
  } finally {
    await Promise.all([kit.close(), noCommunity.close()]);
  }
});

test("a walk's size cap counts what the host holds per varbind, not only the characters of OIDs and values", async () => {
  // The alarm table's 6 varbinds: 213 characters of OIDs and values, 981 bytes with 128 per varbind.
  const capped = v2cKit(COMMUNITY, { timeoutMs: 1500, maxResponseBytes: 900, callsPerOperation: 20 });
  const roomy = v2cKit(COMMUNITY, { timeoutMs: 1500, maxResponseBytes: 981, callsPerOperation: 20 });
  try {
    await assert.rejects(capped.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2"), {
      code: "BROKER_RESPONSE_TOO_LARGE", message: /passed the 900-byte cap at 6 varbinds \(each counted as its OID and value plus 128 bytes/,
    });
    const rows = await roomy.broker.capabilities.snmp.walk("ups", "1.3.6.1.4.1.534.1.7.2");
    assert.equal(rows.reduce((sum, v) => sum + v.oid.length + String(v.value).length, 0), 213);
  } finally {
    await Promise.all([capped.close(), roomy.close()]);
  }
});

test("v3 DES privacy fails with a clear BROKER_SNMP_ERROR where OpenSSL 3 has no DES", async (t) => {
  try {
    createCipheriv("des-cbc", Buffer.alloc(8), Buffer.alloc(8));
    return t.skip("this Node's OpenSSL still offers DES");
  } catch {
    // expected on Node 24: DES lives in OpenSSL's legacy provider
  }
  const kit = testBroker({
    targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: agent.port }],
    config: { snmp_version: "3", snmp_user: V3.user, snmp_priv_protocol: "des" }, secrets: { snmp_auth_key: V3.authKey, snmp_priv_key: V3.privKey },
  });
  try {
    await assert.rejects(kit.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]), { code: "BROKER_SNMP_ERROR", message: /DES.*use AES/ });
  } finally {
    await kit.close();
  }
});
