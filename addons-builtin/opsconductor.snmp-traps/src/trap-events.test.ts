// Trap → event mapping, on TrapMessage objects exactly as the host hands them over (v1 already
// translated to the v2 form per RFC 3584): every row runs for v1, v2c and v3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { notifications, type Notification } from "../../../test/sim/traps/notifications.ts";
import { trapMessage } from "../../../test/sim/traps/trap-messages.ts";
import { eventOfTrap } from "./trap-events.ts";

const UPS_FAN = "1.3.6.1.2.1.33.1.6.3.16";
const rows: Array<{ name: string; notification: Notification; type: string; resource?: string; v1?: false }> = [
  { name: "linkDown", notification: notifications.linkDown(3), type: "link_down", resource: "ifIndex:3" },
  { name: "linkUp (same resource: it clears exactly that linkDown)", notification: notifications.linkUp(3), type: "link_up", resource: "ifIndex:3" },
  { name: "coldStart", notification: notifications.coldStart(), type: "cold_start" },
  { name: "warmStart", notification: notifications.warmStart(), type: "warm_start" },
  { name: "authenticationFailure", notification: notifications.authenticationFailure(), type: "authentication_failure" },
  { name: "xupstdOnBattery", notification: notifications.xups(3, "UPS on battery"), type: "on_battery" },
  { name: "xupstdUtilityPowerRestored", notification: notifications.xups(5, "Utility power restored"), type: "utility_power_restored" },
  { name: "xupstdLowBattery", notification: notifications.xups(4, "Battery low"), type: "low_battery" },
  { name: "xupstdReturnFromLowBattery", notification: notifications.xups(6, "Battery ok"), type: "return_from_low_battery" },
  { name: "xupstdShutdownImminent (its alarm OID)", notification: notifications.xups(16, "Shutdown imminent"), type: "ups_alarm", resource: "1.3.6.1.4.1.534.1.7.16" },
  { name: "xupstdAlarmEntryAdded", notification: notifications.xupsAlarmEntry(true, 5, "1.3.6.1.4.1.534.1.7.16", "Shutdown imminent"), type: "ups_alarm", resource: "1.3.6.1.4.1.534.1.7.16" },
  { name: "xupstdAlarmEntryRemoved", notification: notifications.xupsAlarmEntry(false, 5, "1.3.6.1.4.1.534.1.7.16", "Shutdown cancelled"), type: "ups_alarm_cleared", resource: "1.3.6.1.4.1.534.1.7.16" },
  { name: "xupstdAlarmEntryRemoved of OnBattery", notification: notifications.xupsAlarmEntry(false, 2, "1.3.6.1.4.1.534.1.7.3", "On battery cleared"), type: "utility_power_restored" },
  { name: "upsTrapOnBattery", notification: notifications.upsOnBattery(12, 60), type: "on_battery" },
  { name: "upsTrapAlarmEntryAdded", notification: notifications.upsAlarmEntry(true, 4, UPS_FAN), type: "ups_alarm", resource: UPS_FAN },
  { name: "upsTrapAlarmEntryRemoved", notification: notifications.upsAlarmEntry(false, 4, UPS_FAN), type: "ups_alarm_cleared", resource: UPS_FAN },
  { name: "upsTrapAlarmEntryAdded of LowBattery", notification: notifications.upsAlarmEntry(true, 6, "1.3.6.1.2.1.33.1.6.3.3"), type: "low_battery" },
  { name: "an unknown vendor trap", notification: notifications.vendor(), type: "snmp_trap", resource: "1.3.6.1.4.1.99999.2.0.7" },
];

for (const version of ["v1", "v2c", "v3"] as const) {
  for (const { name, notification, type, resource } of rows) {
    test(`${version} ${name} → ${type}${resource ? ` on ${resource}` : ""}`, () => {
      const event = eventOfTrap(trapMessage(notification, { version }));
      assert.equal(event.alert_type, type);
      assert.equal(event.resource, resource);
      assert.equal(event.metrics.snmp_version, version);
    });
  }
}

test("linkDown: the interface's varbinds in metrics, a readable message", () => {
  const event = eventOfTrap(trapMessage(notifications.linkDown(3, "GigabitEthernet0/3"), { upTime: 98765 }));
  assert.deepEqual(event, {
    alert_type: "link_down", resource: "ifIndex:3",
    metrics: { trap_oid: "1.3.6.1.6.3.1.1.5.3", snmp_version: "v2c", uptime: 98765, ifIndex: 3, ifName: null, ifDescr: "GigabitEthernet0/3",
      ifAlias: null, ifAdminStatus: "up", ifOperStatus: "down", interface: "GigabitEthernet0/3" },
    message: "GigabitEthernet0/3 is down",
  });
  assert.equal(eventOfTrap(trapMessage(notifications.linkDown(4, "Gi0/4", 2))).message, "Gi0/4 is down (administratively down)");
});

test("linkDown without an ifIndex varbind: the index comes from the instance of ifOperStatus", () => {
  const event = eventOfTrap(trapMessage({ oid: "1.3.6.1.6.3.1.1.5.3", varbinds: [{ oid: "1.3.6.1.2.1.2.2.1.8.12", type: "Integer", value: 2 }] }));
  assert.equal(event.resource, "ifIndex:12");
  assert.equal(event.message, "ifIndex 12 is down");
  const bare = eventOfTrap(trapMessage({ oid: "1.3.6.1.6.3.1.1.5.3", varbinds: [] }));
  assert.equal(bare.resource, undefined);
  assert.equal(bare.message, "an interface is down");
});

test("linkDown/linkUp with an ifIndex that is not a number: keyed by its text, so each interface keeps its own alert", () => {
  const link = (oid: string, index: string) => eventOfTrap(trapMessage({ oid, varbinds: [{ oid: "1.3.6.1.2.1.2.2.1.1.0", type: "OctetString", value: index }] }));
  const down = link("1.3.6.1.6.3.1.1.5.3", "Gi0/1");
  assert.deepEqual([down.resource, down.metrics.ifIndex, down.message], ["ifIndex:Gi0/1", "Gi0/1", "ifIndex Gi0/1 is down"]);
  assert.equal(link("1.3.6.1.6.3.1.1.5.3", "Gi0/2").resource, "ifIndex:Gi0/2", "another interface, another key");
  assert.equal(link("1.3.6.1.6.3.1.1.5.4", "Gi0/1").resource, "ifIndex:Gi0/1", "its linkUp: the same key");
  assert.equal(link("1.3.6.1.6.3.1.1.5.3", " 7 ").resource, "ifIndex:7", "a number sent as text is a number");
});

test("XUPS: the card's own text is the message; the odd .534.1.0.0.0.N and port variants map the same", () => {
  const event = eventOfTrap(trapMessage(notifications.xups(3, "The UPS is on battery")));
  assert.equal(event.message, "The UPS is on battery");
  for (const oid of ["1.3.6.1.4.1.534.1.0.0.0.3", "1.3.6.1.4.1.534.1.11.4.2.0.3"]) {
    assert.equal(eventOfTrap(trapMessage({ oid, varbinds: [] })).alert_type, "on_battery", oid);
  }
});

test("ups_alarm carries the alarm's name and severity", () => {
  const event = eventOfTrap(trapMessage(notifications.upsAlarmEntry(true, 4, "1.3.6.1.2.1.33.1.6.3.23")));
  assert.deepEqual([event.metrics.alarm, event.metrics.alarm_severity], ["upsAlarmShutdownImminent", "critical"]);
});

test("an unknown trap is never dropped: a notice-type event with its OID and varbinds", () => {
  const v2 = eventOfTrap(trapMessage(notifications.vendor()));
  assert.deepEqual(v2.metrics.varbinds, [
    { oid: "1.3.6.1.4.1.99999.1.1.0", type: "OctetString", value: "door open" },
    { oid: "1.3.6.1.4.1.99999.1.2.0", type: "Gauge32", value: 3 },
  ]);
  assert.equal(v2.message, "trap 1.3.6.1.4.1.99999.2.0.7: 1.3.6.1.4.1.99999.1.1.0=door open, 1.3.6.1.4.1.99999.1.2.0=3");
  const v1 = eventOfTrap(trapMessage(notifications.vendor(), { version: "v1" }));
  assert.deepEqual([v1.metrics.enterprise, v1.metrics.generic, v1.metrics.specific], ["1.3.6.1.4.1.99999.2", 6, 7]);
  const weird = eventOfTrap(trapMessage({ oid: "1.3.6.1.2.1.33.2.9", varbinds: [] }));
  assert.equal(weird.alert_type, "snmp_trap", "an upsTraps number RFC 1628 does not define");
});
