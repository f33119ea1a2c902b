import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testBroker } from "../../../host/src/broker/core/testing.ts";
import { BATTERY_LOW, startEatonUps, UPS_MIB, UPS_MIB_ALARMS, XUPS, XUPS_ALARMS, type EatonUpsSimulator } from "./eaton-ups.ts";

// What a plain SNMP manager sees of the simulated card, v2c and v3, while its state changes.
let ups: EatonUpsSimulator;
before(async () => {
  ups = await startEatonUps({ communities: ["ups-ro"], users: [{ name: "opsbot", authProtocol: "sha", authKey: "auth-key-123", privProtocol: "aes", privKey: "priv-key-456" }] });
});
after(() => ups.close());

const kitFor = (v3: boolean) => testBroker({
  targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port: ups.port }],
  config: v3 ? { snmp_version: "3", snmp_user: "opsbot" } : {},
  secrets: v3 ? { snmp_auth_key: "auth-key-123", snmp_priv_key: "priv-key-456" } : { snmp_community: "ups-ro" },
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
