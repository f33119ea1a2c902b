// The real SnmpTrapsConnector behind the host's real trap listener: traps sent with net-snmp
// (test/sim/traps) for v1, v2c and v3 are received, translated (host), then `receive`d with the
// ctx of a real broker, and normalized with the seed mappings.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { alertTypeBase, parseSeedMappings, seedToMappingSnapshot, type Ctx, type NormalizedAlert, type Target, type TrapMessage } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore, type Broker } from "../../../host/src/broker/index.ts";
import { createIsolateRuntime } from "../../../host/src/runtime/isolate/isolate-runtime.ts";
import { buildAddonBundle } from "../../../host/src/runtime/test-support/build-addon.ts";
import { openDatabase, type Db } from "../../../host/src/store/database.ts";
import { TrapListener } from "../../../host/src/traps/trap-listener.ts";
import { trapCredentialsOf } from "../../../host/src/traps/trap-credentials.ts";
import { toTrapMessage } from "../../../host/src/traps/trap-message.ts";
import { ManualClock } from "../../../host/src/util/clock.ts";
import { notifications, type Notification } from "../../../test/sim/traps/notifications.ts";
import { sendInform, sendTrap, type SenderCredentials } from "../../../test/sim/traps/trap-sender.ts";
import { SnmpTrapsConnector } from "./connector.ts";
import { SnmpTrapsNormalizer } from "./normalizer.ts";

const NOW = "2026-03-03T09:00:00.000Z";
const config = { trap_user: "trapper", trap_auth_protocol: "sha", trap_priv_protocol: "aes" };
const secrets = { trap_community: "tr4p-c0mm", trap_auth_key: "trap-auth-key", trap_priv_key: "trap-priv-key" };
const targets: Target[] = [{ id: "sw1", host: "127.0.0.1", name: "core-sw1" }];
const V2C: SenderCredentials = { version: "v2c", community: secrets.trap_community };
const V1: SenderCredentials = { version: "v1", community: secrets.trap_community };
const V3: SenderCredentials = { version: "v3", user: { name: "trapper", authKey: secrets.trap_auth_key, privKey: secrets.trap_priv_key, engineID: "8000B983804f70636f6e64" } };
const SEED = seedToMappingSnapshot("opsconductor.snmp-traps", parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url))));

let db: Db;
let broker: Broker;
let ctx: Ctx;
let listener: TrapListener;
let port: number;
const waiting: Array<(message: TrapMessage) => void> = [];
/** Traps and informs the listener took (passed its community / USM check). */
let taken = 0;

before(async () => {
  db = openDatabase(":memory:");
  broker = createBroker({
    instanceId: "traps-1", addonId: "opsconductor.snmp-traps", permissions: ["traps"], targets, config, secrets,
    stateStore: new SqliteConnectorStateStore(db), logger: { debug() {}, info() {}, warn() {}, error() {} }, clock: new ManualClock(NOW),
    limits: { timeoutMs: 2000, maxResponseBytes: 1 << 20, callsPerOperation: 10 }, emit: async () => undefined,
  });
  ctx = { ...broker.capabilities, config, targets };
  listener = new TrapListener({ host: "127.0.0.1", port: 0, onTrap: (trap) => {
    taken += 1;
    waiting.shift()?.(toTrapMessage(trap));
  }, onRejected: () => undefined });
  port = await listener.start();
  // The credentials the host derives from this instance's config and secrets (what the daemon does).
  listener.setCredentials([trapCredentialsOf(config, secrets)]);
});
after(async () => {
  await listener.close();
  await broker.close();
  db.close();
});

/** The next trap the listener takes; fails (instead of hanging the file) when none comes within 3 s. */
function nextTrap(): Promise<TrapMessage> {
  return new Promise((resolve, reject) => {
    const take = (message: TrapMessage) => {
      clearTimeout(timer);
      resolve(message);
    };
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(take), 1);
      reject(new Error("the listener took no trap within 3 s (refused by its community / USM check?)"));
    }, 3000);
    waiting.push(take);
  });
}

/** Sends a notification and returns what the connector and normalizer make of the trap the listener took. */
async function deliver(credentials: SenderCredentials, notification: Notification, inform = false): Promise<NormalizedAlert[]> {
  const received = nextTrap();
  await (inform ? sendInform({ port }, credentials, notification) : sendTrap({ port }, credentials, notification));
  const events = await new SnmpTrapsConnector().receive(ctx, await received);
  return events.map((event) => new SnmpTrapsNormalizer(SEED).normalize(event)!);
}

test("linkDown/linkUp (v2c): ifIndex:N resources, so a linkUp clears exactly its linkDown", async () => {
  const [down3] = await deliver(V2C, notifications.linkDown(3));
  const [down4] = await deliver(V2C, notifications.linkDown(4));
  const [up3] = await deliver(V2C, notifications.linkUp(3));
  assert.deepEqual([down3, down4, up3].map((alert) => [alert!.alert_type, alert!.role, alert!.resource]), [
    ["link_down", "problem", "ifIndex:3"], ["link_down", "problem", "ifIndex:4"], ["link_up", "clear", "ifIndex:3"],
  ]);
  assert.deepEqual([down3!.device_ip, down3!.device_name, down3!.target, down3!.timestamp, down3!.title],
    ["127.0.0.1", "core-sw1", "sw1", NOW, "core-sw1: link down on GigabitEthernet0/3"]);
  const key = (alert: NormalizedAlert) => `${alert.device_ip}|${alertTypeBase(alert.alert_type, SEED)}|${alert.resource}`;
  assert.equal(key(up3!), key(down3!));
  assert.notEqual(key(up3!), key(down4!));
});

test("v1 (translated by the host): coldStart is a notice, authenticationFailure a warning problem", async () => {
  const [cold] = await deliver(V1, notifications.coldStart());
  assert.deepEqual([cold!.alert_type, cold!.role, cold!.severity, cold!.metrics.snmp_version], ["cold_start", "notice", "info", "v1"]);
  const [auth] = await deliver(V1, notifications.authenticationFailure());
  assert.deepEqual([auth!.alert_type, auth!.role, auth!.severity, auth!.category], ["authentication_failure", "problem", "warning", "security"]);
  const [linkDown] = await deliver(V1, notifications.linkDown(9));
  assert.equal(linkDown!.resource, "ifIndex:9");
});

test("v3 authPriv: Eaton onBattery / utilityPowerRestored pair, and UPS-MIB alarm entries added/removed", async () => {
  const [onBattery] = await deliver(V3, notifications.xups(3, "UPS on battery"));
  const [restored] = await deliver(V3, notifications.xups(5, "Utility power restored"));
  assert.deepEqual([onBattery!.alert_type, onBattery!.severity, onBattery!.category, onBattery!.message], ["on_battery", "major", "power", "UPS on battery"]);
  assert.deepEqual([restored!.alert_type, restored!.role], ["utility_power_restored", "clear"]);
  assert.equal(alertTypeBase(restored!.alert_type, SEED), alertTypeBase(onBattery!.alert_type, SEED), "the seed's `clears` pairs them");
  const [added] = await deliver(V3, notifications.upsAlarmEntry(true, 4, "1.3.6.1.2.1.33.1.6.3.16"));
  const [removed] = await deliver(V3, notifications.upsAlarmEntry(false, 4, "1.3.6.1.2.1.33.1.6.3.16"));
  assert.deepEqual([added!.alert_type, added!.resource, added!.severity, added!.title],
    ["ups_alarm", "1.3.6.1.2.1.33.1.6.3.16", "major", "core-sw1: UPS alarm upsAlarmFanFailure"]);
  assert.deepEqual([removed!.alert_type, removed!.role, removed!.resource], ["ups_alarm_cleared", "clear", "1.3.6.1.2.1.33.1.6.3.16"]);
});

test("an unknown trap (v2c inform) is kept as a notice with its OID and varbinds", async () => {
  const [alert] = await deliver(V2C, notifications.vendor(), true);
  assert.deepEqual([alert!.alert_type, alert!.role, alert!.resource], ["snmp_trap", "notice", "1.3.6.1.4.1.99999.2.0.7"]);
  assert.deepEqual(alert!.metrics.varbinds, [
    { oid: "1.3.6.1.4.1.99999.1.1.0", type: "OctetString", value: "door open" },
    { oid: "1.3.6.1.4.1.99999.1.2.0", type: "Gauge32", value: 3 },
  ]);
});

test("v3 authPriv informs: acknowledged (the listener is the authoritative engine), alerted; a wrong key or user is not, and delivers nothing", async () => {
  // No engineID: for an inform the sender discovers the listener's engine and localizes its keys to it.
  const user = { name: "trapper", authKey: secrets.trap_auth_key, privKey: secrets.trap_priv_key };
  const [onBattery] = await deliver({ version: "v3", user }, notifications.xups(3, "UPS on battery"), true);
  assert.deepEqual([onBattery!.alert_type, onBattery!.role, onBattery!.severity, onBattery!.category, onBattery!.metrics.snmp_version],
    ["on_battery", "problem", "major", "power", "v3"]);
  const before = taken;
  const to = { port, timeoutMs: 300 };
  // No Response: a wrong key is dropped (both tries time out), an unknown user gets a Report.
  const unacknowledged = (error: Error) => ["RequestTimedOutError", "ResponseInvalidError"].includes(error.name);
  await assert.rejects(sendInform(to, { version: "v3", user: { ...user, authKey: "wrong-auth-key" } }, notifications.linkDown(1)), unacknowledged);
  await assert.rejects(sendInform(to, { version: "v3", user: { ...user, privKey: "wrong-priv-key" } }, notifications.linkDown(1)), unacknowledged);
  await assert.rejects(sendInform(to, { version: "v3", user: { ...user, name: "mallory" } }, notifications.linkDown(1)), unacknowledged);
  assert.equal(taken, before, "no refused inform reached onTrap");
});

test("nothing to poll: an empty, non-snapshot result; a webhook message is not a trap", async () => {
  const connector = new SnmpTrapsConnector();
  assert.deepEqual(await connector.poll(), { events: [], snapshot: false, targets: [] });
  assert.deepEqual(await connector.receive(ctx, { kind: "webhook", headers: {}, body: {}, receivedAt: NOW }), []);
  assert.equal((await connector.testConnection(ctx)).ok, true);
});

test("the bundle (src/index.ts, as oc-addon build makes it) receives the same inside the isolate runtime", async (t) => {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = { id: "opsconductor.snmp-traps", version: "1.0.0", runtime: "isolate" as const, trust: "core" as const,
    bundleCode: await buildAddonBundle(new URL("./index.ts", import.meta.url).pathname) };
  await runtime.load(addon);
  await runtime.createInstance("traps-1#1", { addon: { id: addon.id, version: addon.version }, config, targets, mappings: SEED, capabilities: broker.capabilities });
  const received = nextTrap();
  await sendTrap({ port }, V1, notifications.linkDown(5, "Gi1/0/5"));
  const alerts = await runtime.receive("traps-1#1", await received);
  assert.deepEqual(alerts.map((alert) => [alert.alert_type, alert.resource, alert.title, alert.metrics.snmp_version]),
    [["link_down", "ifIndex:5", "core-sw1: link down on Gi1/0/5", "v1"]]);
});
