// The real AsaConnector against the ASA simulator (test/sim/asa) through the real capability broker:
// one interactive session per target and poll, enable answered host-side, pager off.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parseSeedMappings, seedToMappingSnapshot, type Ctx, type PollResult, type Target } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore } from "../../../host/src/broker/index.ts";
import { openDatabase } from "../../../host/src/store/database.ts";
import { createIsolateRuntime } from "../../../host/src/runtime/isolate/isolate-runtime.ts";
import { buildAddonBundle } from "../../../host/src/runtime/test-support/build-addon.ts";
import { ManualClock } from "../../../host/src/util/clock.ts";
import { startAsaSimulator, type AsaSimulator } from "../../../test/sim/asa/asa-simulator.ts";
import {
  asaOutputs, CPU_HIGH, CPU_LOW, FAILOVER_OFF, FAILOVER_PEER_FAILED, FAILOVER_STANDBY, INTERFACES_DMZ_SHUT, INTERFACES_TWO_DOWN,
  MEMORY_HIGH, MEMORY_LOW, showCryptoIsakmpSa, showMemory, showVpnSessiondbL2l,
} from "../../../test/sim/asa/outputs/index.ts";
import { AsaConnector } from "./connector.ts";
import { AsaNormalizer } from "./normalizer.ts";

const USER = "netops";
const PASSWORD = "ssh-pw-Hx7";
const ENABLE = "enable-pw-Q2";
const PEERS = ["198.51.100.7", "198.51.100.9"];
const NOW = "2026-03-03T14:00:00.000Z";

let asa: AsaSimulator;
let outputs: Record<string, string>;
before(async () => {
  outputs = asaOutputs();
  // The simulator reads `outputs` at every command: the tests change the device's state between polls.
  asa = await startAsaSimulator({ username: USER, password: PASSWORD, enablePassword: ENABLE, hostname: "fw-edge1", outputs });
});
after(() => asa.close());

const SEED = seedToMappingSnapshot("opsconductor.cisco-asa", parseSeedMappings(readFileSync(new URL("../seed/mappings.json", import.meta.url))));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** A connector instance: the real broker over an in-memory database, and the ctx the sandbox would get. */
function instance(options: { targets?: Target[]; config?: Record<string, unknown>; secrets?: Record<string, unknown>; timeoutMs?: number } = {}) {
  const db = openDatabase(":memory:");
  const targets = options.targets ?? [{ id: "fw1", host: "127.0.0.1", port: asa.port, name: "fw-edge1", vpn_peers: PEERS, expect_failover: true }];
  const config = { ssh_username: USER, ...options.config };
  const broker = createBroker({
    instanceId: "asa-1", addonId: "opsconductor.cisco-asa", permissions: ["ssh"], targets, config,
    secrets: options.secrets ?? { ssh_password: PASSWORD, enable_password: ENABLE },
    stateStore: new SqliteConnectorStateStore(db), logger: silent, clock: new ManualClock(NOW),
    limits: { timeoutMs: options.timeoutMs ?? 4000, maxResponseBytes: 1 << 20, callsPerOperation: 10 },
  });
  const ctx: Ctx = { ...broker.capabilities, config, targets };
  const connector = new AsaConnector();
  return {
    connector, ctx, broker,
    poll(): Promise<PollResult> {
      broker.beginOperation();
      return connector.poll(ctx);
    },
    async close() {
      await broker.close();
      db.close();
    },
  };
}

const summary = (result: PollResult) => result.events.map((event) => `${event.alert_type}${event.resource ? ` ${event.resource}` : ""}`).sort();

test("a healthy active unit: one session (enable, pager off, five commands), nothing wrong, ok snapshot", async () => {
  const fw = instance();
  const loginsBefore = asa.logins;
  const receivedBefore = asa.received.length;
  try {
    const result = await fw.poll();
    assert.deepEqual(result, { events: [], snapshot: true, targets: [{ id: "fw1", ok: true }] });
    assert.equal(asa.logins - loginsBefore, 1, "one SSH session per target and poll");
    assert.deepEqual(asa.received.slice(receivedBefore), [
      "enable", "terminal pager 0", "show failover", "show interface ip brief", "show cpu usage", "show memory", "show vpn-sessiondb l2l",
    ]);
    assert.ok(!asa.received.includes(ENABLE), "the enable password is answered host-side, never sent as a command");
    assert.equal(fw.broker.stats().pollCalls, 1);
  } finally {
    await fw.close();
  }
});

test("states across polls: problems raised, clears sent once when each turns healthy, a failover as a notice", async () => {
  const fw = instance();
  const normalizer = new AsaNormalizer(SEED);
  try {
    assert.deepEqual((await fw.poll()).events, [], "first poll: healthy");

    Object.assign(outputs, {
      "show failover": FAILOVER_PEER_FAILED, "show interface ip brief": INTERFACES_TWO_DOWN, "show cpu usage": CPU_HIGH,
      "show memory": MEMORY_HIGH, "show vpn-sessiondb l2l": showVpnSessiondbL2l([{ peer: "198.51.100.7" }]),
    });
    const broken = await fw.poll();
    assert.deepEqual(summary(broken), [
      "failover_degraded failover", "high_cpu", "high_memory",
      "interface_down GigabitEthernet1/2", "interface_down GigabitEthernet1/3", "vpn_tunnel_down 198.51.100.9",
    ]);
    const tunnel = broken.events.find((event) => event.alert_type === "vpn_tunnel_down")!;
    assert.deepEqual(tunnel, {
      alert_type: "vpn_tunnel_down", device_ip: "127.0.0.1", device_name: "fw-edge1", target: "fw1", timestamp: NOW,
      metrics: { peer: "198.51.100.9", state: "absent", source: "show vpn-sessiondb l2l" }, resource: "198.51.100.9",
      message: "no L2L tunnel to 198.51.100.9",
    });
    assert.deepEqual(broken.events.find((event) => event.alert_type === "high_cpu")!.metrics, { cpu_5s: 97, cpu_1m: 95, cpu_5m: 92, threshold: 85 });
    assert.deepEqual(summary(await fw.poll()), summary(broken), "still wrong: the same problems again (the snapshot keeps them open)");

    Object.assign(outputs, {
      "show failover": FAILOVER_STANDBY, "show interface ip brief": INTERFACES_DMZ_SHUT, "show cpu usage": CPU_LOW,
      "show memory": showMemory(87), "show vpn-sessiondb l2l": showVpnSessiondbL2l(PEERS.map((peer) => ({ peer }))),
    });
    const recovered = await fw.poll();
    assert.deepEqual(summary(recovered), [
      "failover_restored failover", "failover_standby failover", "high_cpu_normal", "high_memory",
      "interface_up GigabitEthernet1/2", "interface_up GigabitEthernet1/3", "vpn_tunnel_up 198.51.100.9",
    ], "the shut dmz clears (administratively down is intended); memory 87% stays over 90 − 5");
    const alerts = recovered.events.map((event) => normalizer.normalize(event)!);
    assert.deepEqual(alerts.map((alert) => `${alert.alert_type}:${alert.role}:${alert.severity}`).sort(), [
      "failover_restored:clear:clear", "failover_standby:notice:warning", "high_cpu_normal:clear:clear", "high_memory:problem:warning",
      "interface_up:clear:clear", "interface_up:clear:clear", "vpn_tunnel_up:clear:clear",
    ]);

    outputs["show memory"] = MEMORY_LOW;
    assert.deepEqual(summary(await fw.poll()), ["high_memory_normal"]);
    assert.deepEqual(summary(await fw.poll()), [], "a clear is sent once");
  } finally {
    Object.assign(outputs, asaOutputs());
    await fw.close();
  }
});

test("failover off on a unit expected in a pair is failover_off; failover back on clears it", async () => {
  const fw = instance();
  try {
    outputs["show failover"] = FAILOVER_OFF;
    assert.deepEqual(summary(await fw.poll()), ["failover_off failover"]);
    outputs["show failover"] = asaOutputs()["show failover"]!;
    assert.deepEqual(summary(await fw.poll()), ["failover_on failover"]);
  } finally {
    Object.assign(outputs, asaOutputs());
    await fw.close();
  }
});

test("VPN from show crypto isakmp sa: a peer stuck in main mode is down", async () => {
  const fw = instance({ config: { vpn_command: "show crypto isakmp sa" } });
  try {
    outputs["show crypto isakmp sa"] = showCryptoIsakmpSa([
      { peer: "198.51.100.7", state: "READY", version: 2 }, { peer: "198.51.100.9", state: "MM_WAIT_MSG2" }]);
    const result = await fw.poll();
    assert.deepEqual(summary(result), ["vpn_tunnel_down 198.51.100.9"]);
    assert.equal(result.events[0]!.metrics.state, "MM_WAIT_MSG2");
    assert.ok(asa.received.includes("show crypto isakmp sa"));
  } finally {
    Object.assign(outputs, asaOutputs());
    await fw.close();
  }
});

test("thresholds come from the config", async () => {
  const fw = instance({ config: { thresholds: { cpu_percent: 2, memory_percent: 30 } } });
  try {
    assert.deepEqual(summary(await fw.poll()), ["high_cpu", "high_memory"]);
  } finally {
    await fw.close();
  }
});

test("a wrong login or enable password is ASA_AUTH_FAILED; a closed port is ASA_UNREACHABLE", async () => {
  const closed = await startAsaSimulator({ username: "x", password: "y", enablePassword: "z", hostname: "gone", outputs: {} });
  await closed.close();
  const wrongLogin = instance({ secrets: { ssh_password: "nope", enable_password: ENABLE } });
  const wrongEnable = instance({ secrets: { ssh_password: PASSWORD, enable_password: "nope" } });
  const unreachable = instance({ targets: [{ id: "fw9", host: "127.0.0.1", port: closed.port, name: "gone" }] });
  try {
    const login = await wrongLogin.poll();
    assert.deepEqual(login.events, []);
    assert.equal(login.snapshot, true);
    assert.equal(login.targets[0]!.code, "ASA_AUTH_FAILED");
    assert.equal(login.targets[0]!.ok, false);
    assert.equal((await wrongEnable.poll()).targets[0]!.code, "ASA_AUTH_FAILED");
    assert.equal((await unreachable.poll()).targets[0]!.code, "ASA_UNREACHABLE");
    assert.deepEqual(await wrongLogin.connector.testConnection(wrongLogin.ctx),
      { ok: false, code: "ASA_AUTH_FAILED", message: "fw-edge1: the device refused the SSH credentials" });
    for (const text of [JSON.stringify(login), JSON.stringify(await wrongEnable.poll())]) assert.ok(!text.includes(ENABLE) && !text.includes(PASSWORD));
  } finally {
    await Promise.all([wrongLogin.close(), wrongEnable.close(), unreachable.close()]);
  }
});

test("two targets: the failed one is reported with its code, the ok one still polled", async () => {
  const closed = await startAsaSimulator({ username: "x", password: "y", enablePassword: "z", hostname: "gone", outputs: {} });
  await closed.close();
  const fw = instance({ targets: [
    { id: "fw1", host: "127.0.0.1", port: asa.port, name: "fw-edge1", vpn_peers: ["203.0.113.99"] },
    { id: "fw2", host: "127.0.0.1", port: closed.port, name: "fw-branch" },
  ] });
  try {
    const result = await fw.poll();
    assert.deepEqual(summary(result), ["vpn_tunnel_down 203.0.113.99"]);
    assert.equal(result.events[0]!.target, "fw1");
    assert.deepEqual(result.targets.map((outcome) => [outcome.id, outcome.ok, outcome.code]), [["fw1", true, undefined], ["fw2", false, "ASA_UNREACHABLE"]]);
  } finally {
    await fw.close();
  }
});

test("an answer the parsers do not know fails the target (its alerts go stale), never an empty ok", async () => {
  const fw = instance();
  try {
    delete outputs["show memory"];
    const result = await fw.poll();
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.targets, [{ id: "fw1", ok: false, code: "ASA_UNEXPECTED_OUTPUT",
      message: "'show memory' answered: ERROR: % Invalid input detected at '^' marker." }]);
  } finally {
    Object.assign(outputs, asaOutputs());
    await fw.close();
  }
});

test("a hung ASA (command echoed, never answered) fails the poll at the step deadline as ASA_UNREACHABLE, no alerts", async () => {
  const fw = instance({ timeoutMs: 600 });
  try {
    asa.setFault({ kind: "hang", command: "show cpu usage" });
    const started = Date.now();
    const result = await fw.poll();
    const elapsed = Date.now() - started;
    assert.deepEqual([result.events, result.snapshot, result.targets[0]!.ok, result.targets[0]!.code], [[], true, false, "ASA_UNREACHABLE"]);
    assert.match(result.targets[0]!.message!, /the prompt after 'show cpu usage' did not come within 600 ms/);
    assert.ok(elapsed >= 550 && elapsed < 3000, `failed after ${elapsed} ms`);
  } finally {
    asa.setFault(null);
    await fw.close();
  }
});

test("a slow ASA (each answer 150 ms late) within the deadline polls as usual", async () => {
  const fw = instance({ timeoutMs: 1000 });
  try {
    asa.setFault({ kind: "slow", ms: 150 });
    const started = Date.now();
    assert.deepEqual(await fw.poll(), { events: [], snapshot: true, targets: [{ id: "fw1", ok: true }] });
    assert.ok(Date.now() - started >= 5 * 150, "five show commands, each answered late");
  } finally {
    asa.setFault(null);
    await fw.close();
  }
});

test("refused logins (the auth fault) are ASA_AUTH_FAILED", async () => {
  const fw = instance();
  try {
    asa.setFault({ kind: "auth" });
    const result = await fw.poll();
    assert.deepEqual(result.targets, [{ id: "fw1", ok: false, code: "ASA_AUTH_FAILED", message: "the device refused the SSH credentials" }]);
    assert.deepEqual(result.events, []);
  } finally {
    asa.setFault(null);
    await fw.close();
  }
});

test("a connection reset mid-output fails the target (ASA_POLL_FAILED): open problems neither clear nor repeat", async () => {
  const fw = instance();
  try {
    outputs["show interface ip brief"] = INTERFACES_TWO_DOWN;
    assert.deepEqual(summary(await fw.poll()), ["interface_down GigabitEthernet1/2", "interface_down GigabitEthernet1/3"]);
    outputs["show interface ip brief"] = asaOutputs()["show interface ip brief"]!;
    asa.setFault({ kind: "reset", command: "show interface ip brief", times: 1 });
    const reset = await fw.poll();
    assert.deepEqual(reset.events, [], "the half that arrived is not taken for the whole: no interface_up");
    assert.deepEqual([reset.targets[0]!.ok, reset.targets[0]!.code], [false, "ASA_POLL_FAILED"]);
    assert.match(reset.targets[0]!.message!, /closed the session .*'show interface ip brief'/);
    assert.deepEqual(summary(await fw.poll()), ["interface_up GigabitEthernet1/2", "interface_up GigabitEthernet1/3"],
      "the next whole answer clears them");
  } finally {
    asa.setFault(null);
    Object.assign(outputs, asaOutputs());
    await fw.close();
  }
});

test("a session cut in the middle of show vpn-sessiondb l2l fails the target; the peer after the cut is not reported down", async () => {
  const fw = instance();
  try {
    asa.setFault({ kind: "truncated", command: "show vpn-sessiondb l2l" });
    const result = await fw.poll();
    assert.deepEqual(result.events, [], "no vpn_tunnel_down for 198.51.100.9, which the half left out");
    assert.deepEqual([result.targets[0]!.ok, result.targets[0]!.code], [false, "ASA_POLL_FAILED"]);
    assert.match(result.targets[0]!.message!, /closed the session .*'show vpn-sessiondb l2l'/);
  } finally {
    asa.setFault(null);
    await fw.close();
  }
});

test("garbage instead of any show command's output is ASA_UNEXPECTED_OUTPUT naming the command, never alerts", async () => {
  const fw = instance();
  try {
    for (const command of ["show failover", "show interface ip brief", "show cpu usage", "show memory", "show vpn-sessiondb l2l"]) {
      asa.setFault({ kind: "garbage", command });
      const result = await fw.poll();
      assert.deepEqual(result.events, [], command);
      assert.deepEqual(result.targets, [{ id: "fw1", ok: false, code: "ASA_UNEXPECTED_OUTPUT",
        message: `'${command}' answered: ~~ 4f:1c:9e %% 87 %% 0x3f ~~` }], "the message names the command and shows what came, without control bytes");
    }
  } finally {
    asa.setFault(null);
    await fw.close();
  }
});

test("without enable (privileged login off), the pager stays on and is paged through", async () => {
  const fw = instance({ config: { use_enable: false }, secrets: { ssh_password: PASSWORD } });
  const pagerPromptsBefore = asa.pagerPrompts;
  try {
    assert.deepEqual(await fw.poll(), { events: [], snapshot: true, targets: [{ id: "fw1", ok: true }] });
    assert.ok(asa.pagerPrompts > pagerPromptsBefore, "show failover spans more than one page");
  } finally {
    await fw.close();
  }
});

test("testConnection logs in, enables and reads show version", async () => {
  const fw = instance();
  try {
    assert.deepEqual(await fw.connector.testConnection(fw.ctx), { ok: true, message: "logged in and reached privileged mode on 1 ASA(s)" });
  } finally {
    await fw.close();
  }
});

test("the bundle (src/index.ts, as oc-addon build makes it) polls the same inside the isolate runtime", async (t) => {
  const fw = instance();
  const runtime = createIsolateRuntime();
  t.after(async () => {
    Object.assign(outputs, asaOutputs());
    await runtime.close();
    await fw.close();
  });
  const addon = { id: "opsconductor.cisco-asa", version: "1.0.0", runtime: "isolate" as const, trust: "core" as const,
    bundleCode: await buildAddonBundle(new URL("./index.ts", import.meta.url).pathname) };
  await runtime.load(addon);
  await runtime.createInstance("asa-1#1", { addon: { id: addon.id, version: addon.version }, config: fw.ctx.config,
    targets: fw.ctx.targets, mappings: SEED, capabilities: fw.broker.capabilities });
  outputs["show interface ip brief"] = INTERFACES_TWO_DOWN;
  fw.broker.beginOperation();
  const output = await runtime.poll("asa-1#1", { deadlineMs: 10_000 });
  assert.deepEqual(output.targets, [{ id: "fw1", ok: true }]);
  assert.equal(output.snapshot, true);
  assert.deepEqual(output.alerts.map((alert) => [alert.title, alert.role, alert.severity, alert.resource]), [
    ["fw-edge1: interface GigabitEthernet1/2 down", "problem", "major", "GigabitEthernet1/2"],
    ["fw-edge1: interface GigabitEthernet1/3 down", "problem", "major", "GigabitEthernet1/3"],
  ]);
});
