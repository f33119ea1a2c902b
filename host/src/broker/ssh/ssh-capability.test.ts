import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startAsaSimulator, type AsaSimulator } from "../../../../test/sim/asa/asa-simulator.ts";
import { testBroker } from "../core/testing.ts";

const PASSWORD = "asa-login-pw-1";
const ENABLE = "asa-enable-pw-2";
const FAILOVER = [
  "Failover On",
  "Failover unit Primary",
  "Failover LAN Interface: failover GigabitEthernet0/4 (up)",
  ...Array.from({ length: 40 }, (_, i) => `        Interface if${i} (10.0.0.${i}): Normal (Monitored)`),
  "        Other host: Secondary - Standby Ready ",
].join("\n");
const BRIEF = "Interface                  IP-Address      Method Status                Protocol\n"
  + "GigabitEthernet1/1         192.168.1.253   YES CONFIG up                    up  ";

let asa: AsaSimulator;
before(async () => {
  asa = await startAsaSimulator({
    username: "admin", password: PASSWORD, enablePassword: ENABLE, hostname: "asa",
    outputs: { "show failover": FAILOVER, "show interface ip brief": BRIEF, "show cpu usage": "CPU utilization for 5 seconds = 1%; 1 minute: 2%; 5 minutes: 3%" },
    banner: "Authorized access only > all sessions are logged #",
  });
});
after(() => asa.close());

const kitFor = (secrets: Record<string, unknown> = { password: PASSWORD, enable_password: ENABLE }, timeoutMs = 3000) => testBroker({
  targets: [{ id: "fw", name: "ASA", host: "127.0.0.1", port: asa.port }],
  config: { username: "admin" }, secrets, limits: { timeoutMs, maxResponseBytes: 256 * 1024, callsPerOperation: 20 },
});

test("shell: enable with the injected password, pager off, one clean output per command", async () => {
  const kit = kitFor();
  try {
    const outputs = await kit.broker.capabilities.ssh.shell("fw", ["show failover", "show interface ip brief", "show nonsense"], {
      enable: { secret: "enable_password" }, disablePager: "terminal pager 0",
    });
    assert.equal(outputs.length, 3);
    assert.equal(outputs[0], FAILOVER, "no echo, prompt, pager or CR, indentation and trailing blanks kept");
    assert.equal(asa.pagerPrompts, 0, "the pager was off");
    assert.equal(outputs[1], BRIEF);
    assert.match(outputs[2]!, /ERROR: % Invalid input detected at '\^' marker\./);
    assert.ok(asa.received.includes("terminal pager 0"));
    assert.ok(!asa.received.includes(ENABLE), "the enable password is an answer, not a command");
    assert.ok(!JSON.stringify(outputs).includes(ENABLE) && !kit.logger.text().includes(ENABLE));
  } finally {
    await kit.close();
  }
});

test("shell: a pager that is still on is paged through with a space", async () => {
  const kit = kitFor();
  try {
    // Without `terminal pager 0` (and without enable, where the ASA refuses it) the 44-line output spans two pages.
    const pagerPromptsBefore = asa.pagerPrompts;
    const [failover, cpu] = await kit.broker.capabilities.ssh.shell("fw", ["show failover", "show cpu usage"]);
    assert.equal(failover, FAILOVER);
    assert.equal(asa.pagerPrompts - pagerPromptsBefore, 1);
    assert.equal(cpu, "CPU utilization for 5 seconds = 1%; 1 minute: 2%; 5 minutes: 3%");
  } finally {
    await kit.close();
  }
});

test("shell: a wrong enable password is BROKER_SSH_AUTH", async () => {
  const kit = kitFor({ password: PASSWORD, enable_password: "wrong-enable" });
  try {
    await assert.rejects(kit.broker.capabilities.ssh.shell("fw", ["show failover"], { enable: { secret: "enable_password" } }), { code: "BROKER_SSH_AUTH" });
  } finally {
    await kit.close();
  }
});

test("exec runs one command and returns its exit code and output", async () => {
  const kit = kitFor();
  try {
    assert.deepEqual(await kit.broker.capabilities.ssh.exec("fw", "show cpu usage"),
      { code: 0, stdout: "CPU utilization for 5 seconds = 1%; 1 minute: 2%; 5 minutes: 3%\r\n" });
    assert.equal((await kit.broker.capabilities.ssh.exec("fw", "bogus")).code, 1);
  } finally {
    await kit.close();
  }
});

test("a wrong login password is BROKER_SSH_AUTH; a closed port is BROKER_UNREACHABLE", async () => {
  const wrong = kitFor({ password: "not-it" });
  const closedPort = await startAsaSimulator({ username: "a", password: "b", enablePassword: "c", hostname: "x", outputs: {} });
  const port = closedPort.port;
  await closedPort.close();
  const unreachable = testBroker({ targets: [{ id: "fw", name: "gone", host: "127.0.0.1", port }], config: { username: "admin" }, secrets: { password: PASSWORD } });
  try {
    await assert.rejects(wrong.broker.capabilities.ssh.exec("fw", "show cpu usage"), { code: "BROKER_SSH_AUTH" });
    await assert.rejects(unreachable.broker.capabilities.ssh.exec("fw", "show cpu usage"), { code: "BROKER_UNREACHABLE" });
  } finally {
    await Promise.all([wrong.close(), unreachable.close()]);
  }
});

test("a command whose prompt never comes back times out with BROKER_SSH_TIMEOUT", async () => {
  const silent = await startAsaSimulator({ username: "admin", password: PASSWORD, enablePassword: ENABLE, hostname: "asa", outputs: {}, pagerLines: 24 });
  const kit = testBroker({
    targets: [{ id: "fw", name: "ASA", host: "127.0.0.1", port: silent.port }],
    config: { username: "admin" }, secrets: { password: PASSWORD }, limits: { timeoutMs: 400, maxResponseBytes: 65536, callsPerOperation: 5 },
  });
  try {
    // `enable` without an `enable` option: the device then waits at `Password:`, which no prompt matcher accepts.
    await assert.rejects(kit.broker.capabilities.ssh.shell("fw", ["enable"]), { code: "BROKER_SSH_TIMEOUT" });
  } finally {
    await kit.close();
    await silent.close();
  }
});

test("commands with line breaks or control characters are refused", async () => {
  const kit = kitFor();
  try {
    await assert.rejects(kit.broker.capabilities.ssh.shell("fw", ["show failover\nreload"]), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(kit.broker.capabilities.ssh.exec("fw", "show\u0003"), { code: "BROKER_REQUEST_INVALID" });
    await assert.rejects(kit.broker.capabilities.ssh.exec("other", "show cpu usage"), { code: "BROKER_TARGET_UNKNOWN" });
  } finally {
    await kit.close();
  }
});
