import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { startSnmpAgent, type SnmpAgentSimulator } from "../../../../test/sim/snmp-agent/snmp-agent.ts";
import { testBroker } from "../core/testing.ts";

// The time limit of SNMP calls (BrokerLimits.timeoutMs), against the simulated agent when it
// never answers (its `hang` fault) and when it answers every page of a walk, but slowly (`slow`);
// and the turns calls to one target take while it is slow.

const COMMUNITY = "n0c-read-only";
const TABLE = "1.3.6.1.4.1.99999.1";

let agent: SnmpAgentSimulator;
before(async () => {
  agent = await startSnmpAgent({
    communities: [COMMUNITY],
    tables: [{
      oid: TABLE,
      columns: [{ number: 1, name: "rowIndex", type: "Integer" }, { number: 2, name: "rowName", type: "OctetString" }, { number: 3, name: "rowValue", type: "Gauge" }],
      // 3 columns x 60 rows: 9 GetBulk pages of 20.
      rows: Array.from({ length: 60 }, (_, i) => [i + 1, `row-${i + 1}`, i * 10]),
    }],
  });
});
after(() => agent.close());

const kitFor = (port: number, timeoutMs: number, config: Record<string, unknown> = { snmp_version: "2c" }, secrets: Record<string, unknown> = { snmp_community: COMMUNITY }) => testBroker({
  targets: [{ id: "ups", name: "UPS", host: "127.0.0.1", port }],
  config, secrets, limits: { timeoutMs, maxResponseBytes: 1024 * 1024, callsPerOperation: 20 },
});

async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return { error, ms: performance.now() - started };
}

/** Runs `work` with the agent under `fault`, lifted afterwards; `work` gets the requests the agent received since. */
async function underFault(fault: Parameters<SnmpAgentSimulator["setFault"]>[0], work: (received: () => number) => Promise<void>): Promise<void> {
  const before = agent.received;
  agent.setFault(fault);
  try {
    await work(() => agent.received - before);
  } finally {
    agent.setFault(null);
  }
}

test("an agent that never answers: get and walk fail with BROKER_SNMP_TIMEOUT within the limit, after the configured retries", { timeout: 10_000 }, () => underFault({ kind: "hang" }, async (received) => {
  const kit = kitFor(agent.port, 600);
  try {
    const get = await timed(kit.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]));
    assert.equal((get.error as { code?: string })?.code, "BROKER_SNMP_TIMEOUT", String(get.error));
    // Two attempts (snmp_retries defaults to 1) of 300 ms each fit in the 600 ms limit.
    assert.ok(get.ms >= 550 && get.ms < 1000, `get gave up after ${Math.round(get.ms)} ms for a 600 ms limit`);
    assert.equal(received(), 2, "one request and one retry");
    const walk = await timed(kit.broker.capabilities.snmp.walk("ups", TABLE));
    assert.equal((walk.error as { code?: string })?.code, "BROKER_SNMP_TIMEOUT", String(walk.error));
    assert.ok(walk.ms < 1500, `walk gave up after ${Math.round(walk.ms)} ms for a 600 ms limit`);
    assert.ok(!kit.logger.text().includes(COMMUNITY) && !String(get.error).includes(COMMUNITY) && !String(walk.error).includes(COMMUNITY));
    assert.equal(kit.broker.stats().capabilities.snmp.errors, 2);
  } finally {
    await kit.close();
  }
}));

test("an agent that never answers SNMPv3 discovery fails with BROKER_SNMP_TIMEOUT within the limit", { timeout: 10_000 }, () => underFault({ kind: "hang" }, async (received) => {
  const kit = kitFor(agent.port, 600, { snmp_version: "3", snmp_user: "opsv3" }, { snmp_auth_key: "auth-key-123456", snmp_priv_key: "priv-key-654321" });
  try {
    const { error, ms } = await timed(kit.broker.capabilities.snmp.get("ups", ["1.3.6.1.2.1.1.5.0"]));
    assert.equal((error as { code?: string })?.code, "BROKER_SNMP_TIMEOUT", String(error));
    assert.ok(ms < 1500, `${Math.round(ms)} ms for a 600 ms limit`);
    assert.ok(received() >= 1);
  } finally {
    await kit.close();
  }
}));

test("a walk whose pages each come back in time but that together outlast the limit ends at the limit and stops asking", { timeout: 10_000 }, () => underFault({ kind: "slow", ms: 200 }, async (received) => {
  // Each page within its 500 ms attempt timeout, but 9 pages x 200 ms > the 1000 ms limit.
  const kit = kitFor(agent.port, 1000);
  try {
    const { error, ms } = await timed(kit.broker.capabilities.snmp.walk("ups", TABLE));
    assert.equal((error as { code?: string })?.code, "BROKER_SNMP_TIMEOUT", String(error));
    assert.match((error as Error).message, /did not finish within 1000 ms/);
    assert.ok(ms >= 950 && ms < 1500, `${Math.round(ms)} ms for a 1000 ms limit`);
    const asked = received();
    assert.ok(asked >= 4 && asked < 9, `${asked} pages asked`);
    await sleep(600);
    assert.equal(received(), asked, "no page is asked for after the deadline");
    // The same walk, given the time, completes against the same slow agent.
    const patient = kitFor(agent.port, 5000);
    try {
      assert.equal((await patient.broker.capabilities.snmp.walk("ups", TABLE)).length, 180);
    } finally {
      await patient.close();
    }
  } finally {
    await kit.close();
  }
}));

test("at most 4 SNMP calls are in flight to one target: the others wait their turn, in order, and then run", { timeout: 10_000 }, () => underFault({ kind: "slow", ms: 500 }, async (received) => {
  const kit = kitFor(agent.port, 3000);
  try {
    const calls = Array.from({ length: 10 }, (_, i) => kit.broker.capabilities.snmp.get("ups", [`${TABLE}.1.2.${i + 1}`]));
    await sleep(250);
    assert.equal(received(), 4, "four requests sent, six waiting");
    const answers = await Promise.all(calls);
    assert.deepEqual(answers.map(([varbind]) => varbind!.value), Array.from({ length: 10 }, (_, i) => `row-${i + 1}`));
    assert.equal(received(), 10, "each sent once: no wait cost a retry");
  } finally {
    await kit.close();
  }
}));
