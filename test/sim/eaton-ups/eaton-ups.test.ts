import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { testBroker } from "../../../host/src/broker/core/testing.ts";
import { BATTERY_LOW, startEatonUps, UPS_MIB, UPS_MIB_ALARMS, XUPS, XUPS_ALARMS, type EatonUpsSimulator } from "./eaton-ups.ts";

// What a plain SNMP manager sees of the simulated card, v2c and v3, while its state changes.
let ups: EatonUpsSimulator;
before(async () => {
  ups = await startEatonUps({ communities: ["ups-ro"], users: [{ name: "opsbot", authProtocol: "sha", authKey: "auth-key-123", privProtocol: "aes", privKey: "priv-key-456" }] });
});
after(() => ups.close());
beforeEach(() => ups.setFault(null));

/** A plain SNMP manager (the broker); `timeoutMs` bounds each call, retries included. */
const kitFor = (v3: boolean, timeoutMs = 3000) => testBroker({
  targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: ups.port }],
  config: v3 ? { snmp_version: "3", snmp_user: "opsbot" } : {},
  secrets: v3 ? { snmp_auth_key: "auth-key-123", snmp_priv_key: "priv-key-456" } : { snmp_community: "ups-ro" },
  limits: { timeoutMs, maxResponseBytes: 1 << 20, callsPerOperation: 100 },
});

test("scalars of both MIBs follow the state (v2c)", async () => {
  const kit = kitFor(false);
  try {
    const read = async () => (await kit.broker.capabilities.snmp.get("ups", [`${UPS_MIB}.4.1.0`, `${XUPS}.4.5.0`, `${UPS_MIB}.2.1.0`, `${XUPS}.2.1.0`, `${UPS_MIB}.2.3.0`]))
      .map((varbind) => varbind.value);
    assert.deepEqual(await read(), [3, 3, 2, 42 * 60, 42]);
    ups.set(BATTERY_LOW);
    assert.deepEqual(await read(), [5, 5, 3, 3 * 60, 3]);
    ups.set({ outputSource: 3, batteryStatus: 2, minutesRemaining: 42 });
  } finally {
    await kit.close();
  }
});

test("alarm rows come and go in both tables, and the alarm counts follow (v3 authPriv)", async () => {
  const kit = kitFor(true);
  try {
    const descrs = async (table: string) => (await kit.broker.capabilities.snmp.walk("ups", table)).filter((v) => v.type === "OID").map((v) => v.value);
    const onBattery = ups.addAlarm("ups", UPS_MIB_ALARMS.onBattery);
    ups.addAlarm("xups", XUPS_ALARMS.onBattery);
    const fan = ups.addAlarm("ups", UPS_MIB_ALARMS.fanFailure);
    assert.deepEqual(await descrs(`${UPS_MIB}.6.2`), [UPS_MIB_ALARMS.onBattery, UPS_MIB_ALARMS.fanFailure]);
    assert.deepEqual(await descrs(`${XUPS}.7.2`), [XUPS_ALARMS.onBattery]);
    assert.deepEqual((await kit.broker.capabilities.snmp.get("ups", [`${UPS_MIB}.6.1.0`, `${XUPS}.7.1.0`])).map((v) => v.value), [2, 1]);
    ups.removeAlarm("ups", onBattery);
    assert.deepEqual(await descrs(`${UPS_MIB}.6.2`), [UPS_MIB_ALARMS.fanFailure]);
    ups.removeAlarm("ups", fan);
    assert.deepEqual(await descrs(`${UPS_MIB}.6.2`), []);
    assert.equal((await kit.broker.capabilities.snmp.get("ups", [`${UPS_MIB}.6.1.0`]))[0]!.value, 0);
  } finally {
    await kit.close();
  }
});

const OUTPUT_SOURCE = `${UPS_MIB}.4.1`;

test("fault hang: requests reach the card but get no answer, so the manager times out; lifted, it answers again", async () => {
  const kit = kitFor(false, 500);
  try {
    ups.setFault({ kind: "hang" });
    const before = ups.received;
    const started = Date.now();
    await assert.rejects(kit.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`]), { code: "BROKER_SNMP_TIMEOUT" });
    assert.ok(Date.now() - started >= 450);
    assert.equal(ups.received - before, 2, "the request and its one retry arrived, unanswered");
    await assert.rejects(kit.broker.capabilities.snmp.walk("ups", `${UPS_MIB}.6.2`), { code: "BROKER_SNMP_TIMEOUT" });
    ups.setFault(null);
    assert.equal((await kit.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`]))[0]!.value, 3);
  } finally {
    await kit.close();
  }
});

test("fault slow: every answer comes late but whole", async () => {
  const kit = kitFor(false);
  try {
    ups.setFault({ kind: "slow", ms: 300 });
    const started = Date.now();
    assert.deepEqual((await kit.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`, `${XUPS}.2.1.0`])).map((v) => v.value), [3, 42 * 60]);
    assert.ok(Date.now() - started >= 290);
  } finally {
    await kit.close();
  }
});

test("fault auth: a v2c community is dropped unanswered, a v3 user is reported unknown; lifted, both answer", async () => {
  const v2c = kitFor(false, 500);
  const v3 = kitFor(true, 1500);
  try {
    ups.setFault({ kind: "auth" });
    await assert.rejects(v2c.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`]), { code: "BROKER_SNMP_TIMEOUT" });
    await assert.rejects(v3.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`]), { code: "BROKER_SNMP_AUTH" });
    ups.setFault(null);
    for (const kit of [v2c, v3]) assert.equal((await kit.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`]))[0]!.value, 3);
  } finally {
    await Promise.all([v2c.close(), v3.close()]);
  }
});

test("fault malformed: an object served with the wrong type, or gone; lifted, its real (meanwhile changed) value is back", async () => {
  const kit = kitFor(true);
  const read = async () => (await kit.broker.capabilities.snmp.get("ups", [`${OUTPUT_SOURCE}.0`, `${XUPS}.4.5.0`]))
    .map((varbind) => [varbind.type, varbind.value]);
  try {
    ups.setFault({ kind: "malformed", oid: OUTPUT_SOURCE, type: "OctetString", value: "battery" });
    assert.deepEqual(await read(), [["OctetString", "battery"], ["Integer", 3]]);
    ups.set({ outputSource: 5 });
    assert.deepEqual(await read(), [["OctetString", "battery"], ["Integer", 5]], "the fault holds while the state changes");
    ups.setFault({ kind: "malformed", oid: OUTPUT_SOURCE });
    assert.deepEqual(await read(), [["NoSuchObject", null], ["Integer", 5]]);
    ups.setFault(null);
    assert.deepEqual(await read(), [["Integer", 5], ["Integer", 5]]);
    assert.throws(() => ups.setFault({ kind: "malformed", oid: "1.3.6.1.4.1.534.1.99" }), /no scalar 1\.3\.6\.1\.4\.1\.534\.1\.99/);
    ups.setFault(null);
    assert.deepEqual(await read(), [["Integer", 5], ["Integer", 5]], "a refused fault leaves nothing behind");
  } finally {
    ups.set({ outputSource: 3 });
    await kit.close();
  }
});
