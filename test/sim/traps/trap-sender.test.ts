// The trap sender against the host's real trap listener (host/src/traps): what each SNMP version
// puts on the wire arrives as the one TrapMessage form every addon sees.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { TrapMessage } from "@opsconductor/sdk";
import { snmp } from "../../../host/src/broker/snmp/net-snmp.ts";
import { TrapListener } from "../../../host/src/traps/trap-listener.ts";
import { toTrapMessage } from "../../../host/src/traps/trap-message.ts";
import { notifications, v1FormOf } from "./notifications.ts";
import { sendInform, sendTrap } from "./trap-sender.ts";
import { trapMessage } from "./trap-messages.ts";

const COMMUNITY = "tr4ps";
const USER = { name: "trapper", authProtocol: "sha" as const, authKey: "auth-pass-1", privProtocol: "aes" as const, privKey: "priv-pass-2" };
let listener: TrapListener;
let port: number;
const received: TrapMessage[] = [];
const rejected: Error[] = [];
let arrived: (() => void) | undefined;

before(async () => {
  listener = new TrapListener({
    host: "127.0.0.1", port: 0,
    onTrap: (trap) => {
      received.push(toTrapMessage(trap));
      arrived?.();
    },
    onRejected: (error) => {
      rejected.push(error);
      arrived?.();
    },
  });
  port = await listener.start();
  listener.setCredentials([{ communities: [COMMUNITY], users: [{
    name: USER.name, level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha as number, authKey: USER.authKey,
    privProtocol: snmp.PrivProtocols.aes as number, privKey: USER.privKey,
  }] }]);
});
after(() => listener.close());

/** trapMessage() uses a fixed source port; the wire's is ephemeral. */
const sameSourcePort = (message: TrapMessage): TrapMessage => ({ ...message, source: { ...message.source, port: 50162 } });

async function next(send: () => Promise<void>): Promise<TrapMessage> {
  const count = received.length + rejected.length;
  const landed = new Promise<void>((resolve) => {
    arrived = () => {
      if (received.length + rejected.length > count) resolve();
    };
  });
  await send();
  await landed;
  assert.equal(rejected.length, 0, rejected.map((error) => error.message).join("; "));
  return received.at(-1)!;
}

test("v2c linkDown: sysUpTime.0 and snmpTrapOID.0 first, then the interface varbinds", async () => {
  const message = await next(() => sendTrap({ port, upTime: 4242 }, { version: "v2c", community: COMMUNITY }, notifications.linkDown(3)));
  assert.equal(message.version, "v2c");
  assert.equal(message.trapOid, "1.3.6.1.6.3.1.1.5.3");
  assert.equal(message.source.address, "127.0.0.1");
  assert.deepEqual(message.varbinds.map((varbind) => [varbind.oid, varbind.value]), [
    ["1.3.6.1.2.1.1.3.0", 4242], ["1.3.6.1.6.3.1.1.4.1.0", "1.3.6.1.6.3.1.1.5.3"],
    ["1.3.6.1.2.1.2.2.1.1.3", 3], ["1.3.6.1.2.1.2.2.1.7.3", 1], ["1.3.6.1.2.1.2.2.1.8.3", 2], ["1.3.6.1.2.1.2.2.1.2.3", "GigabitEthernet0/3"],
  ]);
  assert.deepEqual(sameSourcePort(message), trapMessage(notifications.linkDown(3), { address: "127.0.0.1", upTime: 4242 }), "trapMessage() builds the same form");
});

test("v1: a generic and an enterprise-specific trap arrive translated to the v2 form (RFC 3584)", async () => {
  const linkUp = await next(() => sendTrap({ port, upTime: 777 }, { version: "v1", community: COMMUNITY }, notifications.linkUp(7)));
  assert.equal(linkUp.version, "v1");
  assert.equal(linkUp.trapOid, "1.3.6.1.6.3.1.1.5.4");
  assert.equal(linkUp.v1?.generic, 3);
  assert.deepEqual(sameSourcePort(linkUp), trapMessage(notifications.linkUp(7), { version: "v1", address: "127.0.0.1", upTime: 777 }));
  const onBattery = await next(() => sendTrap({ port }, { version: "v1", community: COMMUNITY }, notifications.xups(3, "On battery")));
  assert.equal(onBattery.trapOid, "1.3.6.1.4.1.534.1.11.4.1.0.3");
  assert.deepEqual(onBattery.v1 && [onBattery.v1.enterprise, onBattery.v1.generic, onBattery.v1.specific], ["1.3.6.1.4.1.534.1.11.4.1", 6, 3]);
  assert.ok(onBattery.varbinds.some((varbind) => varbind.value === "On battery"));
  const upsMib = await next(() => sendTrap({ port }, { version: "v1", community: COMMUNITY }, notifications.upsOnBattery(12, 60)));
  assert.equal(upsMib.trapOid, "1.3.6.1.2.1.33.2.0.1", "RFC 1628 traps gain a .0. through v1");
  assert.deepEqual(v1FormOf("1.3.6.1.2.1.33.2.1"), { generic: 6, enterprise: "1.3.6.1.2.1.33.2", specific: 1 });
});

test("v3 authPriv trap from the sender's own engine, and a v2c inform acknowledged by the listener", async () => {
  const message = await next(() => sendTrap({ port }, { version: "v3", user: { ...USER, engineID: "8000B98380aabbccddeeff0011" } },
    notifications.upsAlarmEntry(true, 4, "1.3.6.1.2.1.33.1.6.3.16")));
  assert.equal(message.version, "v3");
  assert.equal(message.trapOid, "1.3.6.1.2.1.33.2.3");
  assert.ok(message.varbinds.some((varbind) => varbind.value === "1.3.6.1.2.1.33.1.6.3.16"));
  const inform = await next(() => sendInform({ port }, { version: "v2c", community: COMMUNITY }, notifications.coldStart()));
  assert.equal(inform.trapOid, "1.3.6.1.6.3.1.1.5.1");
});

test("a wrong community is rejected by the listener, not delivered", async () => {
  const before = received.length;
  const landed = new Promise<void>((resolve) => {
    arrived = () => resolve();
  });
  await sendTrap({ port }, { version: "v2c", community: "guess" }, notifications.coldStart());
  await landed;
  assert.equal(received.length, before);
  assert.equal(rejected.length, 1);
  rejected.length = 0;
});
