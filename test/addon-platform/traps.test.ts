// SNMP traps end to end: real traps (net-snmp's session.trap, and Debian's snmptrap when
// installed) to the host's one listener on a loopback port, routed by source address to the
// instance whose targets list it, through the addon's receive into the AlertManager.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { promisify } from "node:util";
import { snmp } from "../../host/src/broker/snmp/net-snmp.ts";
import { probePackage, testSigner } from "../../host/src/addons/test-support/build-package.ts";
import { createHarness, request, type Harness } from "../../host/src/addons/test-support/harness.ts";

const COMMUNITY = "tr4p-s3cret";
const signer = testSigner(["acme."], "community");
let h: Harness;
let port: number;

interface TrapSession {
  trap(typeOrOid: string | number, varbinds: unknown[], options: Record<string, unknown>, callback: (error: Error | null) => void): void;
  close(): void;
}

function sendTrap(version: number, community: string, oid: string | number, options: { sourceAddress?: string } = {}): Promise<void> {
  const session = (snmp.createSession as unknown as (...args: unknown[]) => TrapSession)("127.0.0.1", community, { trapPort: port, version, ...options });
  return new Promise((resolve, reject) => {
    session.trap(oid, [{ oid: "1.3.6.1.2.1.2.2.1.1.3", type: snmp.ObjectType.Integer, value: 3 }], { agentAddr: "127.0.0.1" }, (error) => {
      session.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const trapAlert = (oid: string) => eventually(async () => {
  const items = (await request(h, "GET", "/alerts?text=trap", { as: "viewer" })).body.items as Array<{ resource: string; metrics: Record<string, unknown>; message: string; device_ip: string }>;
  return items.find((alert) => alert.resource === oid);
}, `the alert of trap ${oid}`);

before(async () => {
  h = await createHarness({ trust: [signer.entry], traps: { host: "127.0.0.1", port: 0 } });
  assert.equal((await request(h, "POST", "/addons/install", { body: await probePackage(signer) })).status, 201);
  for (const [name, host, community] of [["switch", "127.0.0.1", COMMUNITY], ["elsewhere", "10.9.9.9", "other-community"]]) {
    const v3 = name === "switch" ? { trap_user: "trapper", trap_auth_key: "auth-key-123", trap_priv_key: "priv-key-456" } : {};
    const created = await request(h, "POST", "/connectors", { as: "operator", body: {
      addon_id: "acme.probe", name, config: { targets: [{ id: name, host, name }], username: "u", password: "p", trap_community: community, ...v3 },
    } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
  }
  port = (await request(h, "GET", "/traps", { as: "viewer" })).body.port;
  assert.ok(port > 0);
});
after(() => h.close());

test("a v2c trap from a target's address reaches that instance's receive and becomes an alert", async () => {
  const switchOf = async () => (await request(h, "GET", "/connectors", { as: "viewer" })).body.items.find((c: { name: string }) => c.name === "switch");
  assert.equal((await switchOf()).status, "new");
  await sendTrap(snmp.Version2c, COMMUNITY, "1.3.6.1.6.3.1.1.5.3");
  const alert = await trapAlert("1.3.6.1.6.3.1.1.5.3");
  assert.equal((await switchOf()).status, "ok", "ok once it took a trap");
  assert.equal(alert.metrics.version, "v2c");
  assert.equal(alert.device_ip, "127.0.0.1");
  assert.ok(!alert.message.includes(COMMUNITY), "the community (a credential) is not handed to the addon");
  const message = JSON.parse(alert.message) as { varbinds: Array<{ oid: string; value: unknown }> };
  assert.ok(message.varbinds.some((varbind) => varbind.oid === "1.3.6.1.2.1.2.2.1.1.3" && varbind.value === 3));
});

test("a v1 enterprise-specific trap is translated to the v2 form (enterprise.0.specific)", async () => {
  await sendTrap(snmp.Version1, COMMUNITY, "1.3.6.1.4.1.9999.1.5");
  const alert = await trapAlert("1.3.6.1.4.1.9999.1.0.5");
  assert.equal(alert.metrics.version, "v1");
  const message = JSON.parse(alert.message) as { v1: { enterprise: string; specific: number; generic: number }; varbinds: Array<{ oid: string }> };
  assert.deepEqual([message.v1.enterprise, message.v1.generic, message.v1.specific], ["1.3.6.1.4.1.9999.1", 6, 5]);
  assert.equal(message.varbinds[0]!.oid, "1.3.6.1.2.1.1.3.0", "sysUpTime.0 first");
  assert.equal(message.varbinds[1]!.oid, "1.3.6.1.6.3.1.1.4.1.0", "then snmpTrapOID.0");
});

test("a v3 trap (authPriv) from a user an instance's config names is routed like the others", async () => {
  const user = { name: "trapper", level: snmp.SecurityLevel.authPriv, authProtocol: snmp.AuthProtocols.sha, authKey: "auth-key-123", privProtocol: snmp.PrivProtocols.aes, privKey: "priv-key-456" };
  const session = (snmp.createV3Session as unknown as (...args: unknown[]) => TrapSession)("127.0.0.1", user, { trapPort: port });
  await new Promise<void>((resolve, reject) => session.trap("1.3.6.1.6.3.1.1.5.5", [], { agentAddr: "127.0.0.1" }, (error) => {
    session.close();
    if (error) reject(error);
    else resolve();
  }));
  const alert = await trapAlert("1.3.6.1.6.3.1.1.5.5");
  assert.equal(alert.metrics.version, "v3");
  assert.ok(!alert.message.includes("auth-key-123") && !alert.message.includes("priv-key-456"));
});

test("Debian's snmptrap command is received like any agent's", async (t) => {
  try {
    await promisify(execFile)("snmptrap", ["--version"]);
  } catch {
    t.skip("snmptrap is not installed (apt-get install snmp)");
    return;
  }
  await promisify(execFile)("snmptrap", ["-v", "2c", "-c", COMMUNITY, `127.0.0.1:${port}`, "", "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.3", "i", "3"]);
  const alert = await trapAlert("1.3.6.1.6.3.1.1.5.4");
  assert.equal(alert.metrics.trapOid, "1.3.6.1.6.3.1.1.5.4");
});

test("unrouted, unauthorized and malformed traps are counted, never crash the listener", async () => {
  const before = (await request(h, "GET", "/traps", { as: "viewer" })).body;
  await sendTrap(snmp.Version2c, COMMUNITY, "1.3.6.1.6.3.1.1.5.1", { sourceAddress: "127.0.0.2" });
  await sendTrap(snmp.Version2c, "other-community", "1.3.6.1.6.3.1.1.5.1");
  await sendTrap(snmp.Version2c, "wrong-community", "1.3.6.1.6.3.1.1.5.1");
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.send(Buffer.from("definitely not BER"), port, "127.0.0.1", () => resolve()));
  socket.close();
  const stats = await eventually(async () => {
    const now = (await request(h, "GET", "/traps", { as: "viewer" })).body;
    return now.unrouted >= before.unrouted + 2 && now.rejected >= before.rejected + 2 ? now : undefined;
  }, "the counters");
  assert.equal(stats.unrouted, before.unrouted + 2, "from an address no target lists, or with another instance's community");
  assert.equal(stats.rejected, before.rejected + 2, "an unknown community and a malformed packet");
  assert.match(h.log.join("\n"), /traps: unrouted v2c trap 1\.3\.6\.1\.6\.3\.1\.1\.5\.1 from 127\.0\.0\.2/);

  await sendTrap(snmp.Version2c, COMMUNITY, "1.3.6.1.6.3.1.1.5.2");
  await trapAlert("1.3.6.1.6.3.1.1.5.2");
  assert.equal((await request(h, "GET", "/traps", { as: "viewer" })).body.listening, true);
});

// Last: it deletes the "switch" instance the tests above use.
test("traps still in the sandbox when their connector is deleted are not stored: counted failed and logged", async () => {
  const switchId = (await request(h, "GET", "/connectors", { as: "viewer" })).body.items.find((c: { name: string }) => c.name === "switch").id as string;
  const before = (await request(h, "GET", "/traps", { as: "viewer" })).body;
  const busyOid = "1.3.6.1.4.1.99999.0.600";  // the probe's receive keeps the sandbox busy 600 ms on it
  await sendTrap(snmp.Version2c, COMMUNITY, busyOid);
  await eventually(async () => ((await request(h, "GET", "/traps", { as: "viewer" })).body.routed > before.routed ? true : undefined), "the trap routed");
  const deleted = await request(h, "DELETE", `/connectors/${switchId}`, { as: "operator" });
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));

  const stats = await eventually(async () => {
    const now = (await request(h, "GET", "/traps", { as: "viewer" })).body;
    return now.failed > before.failed ? now : undefined;
  }, "the batch counted failed");
  assert.equal(stats.failed, before.failed + 1);
  const stored = h.db.prepare("SELECT count(*) AS n FROM alerts WHERE resource = ?").get(busyOid) as { n: number };
  assert.equal(stored.n, 0, "the trap's alert was not stored");
  const open = h.db.prepare("SELECT count(*) AS n FROM alerts WHERE connector_id = ? AND status <> 'resolved'").get(switchId) as { n: number };
  assert.equal(open.n, 0);
  assert.match(h.log.join("\n"), /could not store the alerts of 1 trap\(s\): CONNECTOR_NOT_RUNNING: connector \S+ was stopped \(disabled or deleted\) while a batch of 1 trap\(s\) was in its sandbox/);
});
