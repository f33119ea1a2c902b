import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import type { NormalizedAlert } from "@opsconductor/sdk";
import type { ConnectorInstances } from "../addons/instances.ts";
import type { IngestResult } from "../alerts/types.ts";
import { snmp } from "../broker/snmp/net-snmp.ts";
import { RecordingAlertSink } from "../connectors/testing.ts";
import { createIsolateRuntime } from "../runtime/isolate/isolate-runtime.ts";
import { fixtureBundle, instanceSpec } from "../runtime/test-support/specs.ts";
import { createTestCapabilities } from "../runtime/test-support/test-capabilities.ts";
import { TrapService } from "./trap-service.ts";

const noInstances = { list: () => [], onChange: () => () => {}, use: async () => [] } as unknown as ConnectorInstances;

test("a trap port that cannot be bound is logged, not fatal; port 0 binds a free one", async () => {
  const blocker = createSocket("udp4");
  await new Promise<void>((resolve) => blocker.bind(0, "127.0.0.1", resolve));
  const taken = (blocker.address() as AddressInfo).port;
  const log: string[] = [];
  const blocked = new TrapService({ instances: noInstances, alerts: new RecordingAlertSink(), log: (line) => log.push(line), host: "127.0.0.1", port: taken });
  await blocked.start();
  assert.equal(blocked.stats().listening, false);
  assert.match(log.join("\n"), /traps: TRAP_LISTEN_FAILED: cannot listen for SNMP traps on 127\.0\.0\.1:\d+\/udp: EADDRINUSE/);
  assert.equal(blocked.stats().rejected, 0, "a bind error is not a rejected packet");
  await blocked.close();
  blocker.close();

  // A host that does not resolve (RFC 6761 .invalid): the same, with the resolver's code.
  const lost = new TrapService({ instances: noInstances, alerts: new RecordingAlertSink(), log: (line) => log.push(line), host: "no-such-host.invalid", port: 0 });
  await lost.start();
  assert.deepEqual([lost.stats().listening, lost.stats().rejected], [false, 0]);
  assert.match(log.at(-1)!, /^traps: TRAP_LISTEN_FAILED: cannot listen for SNMP traps on no-such-host\.invalid:0\/udp: (ENOTFOUND|EAI_AGAIN|EAI_FAIL) \(SNMP traps are not received: check --trap-host and --trap-port\)$/);
  await lost.close();

  const free = new TrapService({ instances: noInstances, alerts: new RecordingAlertSink(), log: () => {}, host: "127.0.0.1", port: 0 });
  await free.start();
  assert.equal(free.stats().listening, true);
  assert.ok(free.stats().port! > 0);
  await free.close();
});

interface TrapSession {
  trap(oid: string, varbinds: unknown[], options: Record<string, unknown>, callback: (error: Error | null) => void): void;
  close(): void;
}

/**
 * One trap connector instance for 127.0.0.1, running in a real isolate: the receive-addon
 * fixture turns a trap into one alert named by its ifIndex, after a `ctx.state.get` that
 * these capabilities record (the order the sandbox received the traps in) and may hold.
 */
async function oneInstance(t: TestContext, hold: Promise<void> = Promise.resolve()) {
  const runtime = createIsolateRuntime();
  t.after(() => runtime.close());
  const addon = await fixtureBundle("receive-addon", "test.traps");
  await runtime.load(addon);
  const received: number[] = [];
  const caps = createTestCapabilities();
  const capabilities = {
    ...caps,
    state: {
      ...caps.state,
      async get<T>(key: string): Promise<T | undefined> {
        received.push(Number(key.slice("trap:".length)));
        await hold;
        return undefined;
      },
    },
  };
  await runtime.createInstance("traps-1", instanceSpec(addon, capabilities));
  const running = {
    connectorId: "c-traps", instanceId: "traps-1", targets: [{ id: "sw", host: "127.0.0.1" }],
    trapCredentials: { communities: ["burst"], users: [] }, loaded: { runtime },
  };
  const work = (_id: string, run: (r: unknown) => Promise<unknown>) => run(running);
  const instances = { list: () => [running], onChange: () => () => {}, use: work, operate: work, assertStillRunning: () => {} } as unknown as ConnectorInstances;
  return { instances, received, runtime };
}

class CountingSink extends RecordingAlertSink {
  readonly ingests: Array<{ connectorId: string; resources: string[] }> = [];
  override ingest(connectorId: string, alerts: readonly NormalizedAlert[]): IngestResult {
    this.ingests.push({ connectorId, resources: alerts.map((alert) => String(alert.resource)) });
    return super.ingest(connectorId, alerts);
  }
}

/** `count` v2c traps, ifIndex 0..count-1, sent as fast as net-snmp can from one session; those `broken` lack their ifIndex. */
async function burst(port: number, count: number, broken: (index: number) => boolean = () => false): Promise<void> {
  const session = (snmp.createSession as unknown as (...args: unknown[]) => TrapSession)("127.0.0.1", "burst", { trapPort: port, version: snmp.Version2c });
  let pending = count;
  await new Promise<void>((resolve, reject) => {
    for (let index = 0; index < count; index++) {
      const column = broken(index) ? "8" : "1";
      session.trap("1.3.6.1.6.3.1.1.5.3", [{ oid: `1.3.6.1.2.1.2.2.1.${column}.${index}`, type: snmp.ObjectType.Integer, value: index }], { agentAddr: "127.0.0.1" }, (error) => {
        if (error) reject(error);
        else if (--pending === 0) resolve();
      });
    }
  });
  session.close();
}

async function until(probe: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !probe(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(probe(), `timed out waiting for ${what}`);
}

test("a burst of 2,000 traps on loopback: none lost, stored in arrival order, in far fewer ingests than traps", async (t) => {
  const { instances, received } = await oneInstance(t);
  const sink = new CountingSink();
  const service = new TrapService({ instances, alerts: sink, log: () => {}, host: "127.0.0.1", port: 0 });
  t.after(() => service.close());
  await service.start();
  await burst(service.stats().port!, 2000);
  await until(() => service.stats().alerts === 2000, "2,000 alerts");
  await service.close();
  const stats = service.stats();
  assert.deepEqual([stats.received, stats.routed, stats.dropped, stats.failed, stats.unrouted, stats.rejected, stats.alerts], [2000, 2000, 0, 0, 0, 0, 2000]);
  const stored = sink.ingests.flatMap((ingest) => ingest.resources);
  assert.deepEqual(stored, received.map(String), "ingested in the order the traps were handed to receive");
  assert.deepEqual([...stored].sort((a, b) => Number(a) - Number(b)), Array.from({ length: 2000 }, (_, n) => String(n)), "every trap once");
  assert.ok(sink.ingests.length < 200, `one ingest per batch, not per trap (${sink.ingests.length} ingests)`);
  assert.ok(sink.ingests.every((ingest) => ingest.connectorId === "c-traps" && ingest.resources.length > 0));
});

test("an instance that falls behind has its queue bounded: the overflow is counted as dropped, the counters add up", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const { instances } = await oneInstance(t, gate);
  const sink = new CountingSink();
  const log: string[] = [];
  const service = new TrapService({ instances, alerts: sink, log: (line) => log.push(line), host: "127.0.0.1", port: 0, maxQueued: 50, batchSize: 20 });
  t.after(() => {
    release();
    return service.close();
  });
  await service.start();
  await burst(service.stats().port!, 300);
  await until(() => service.stats().received === 300, "300 traps received");
  const stuck = service.stats();
  assert.ok(stuck.dropped > 0, "a queue of 50 behind a stuck receive cannot hold 300");
  assert.equal(stuck.routed + stuck.dropped, 300);
  assert.ok(stuck.routed <= 50 + 20, `at most the queue and one batch routed (${stuck.routed})`);
  assert.match(log.join("\n"), /traps: dropped a v2c trap 1\.3\.6\.1\.6\.3\.1\.1\.5\.3 from 127\.0\.0\.1: connector c-traps has too many traps waiting/);
  release();
  await service.close();
  const stats = service.stats();
  assert.equal(stats.alerts, stats.routed, "every routed trap stored");
  assert.equal(sink.ingests.flatMap((ingest) => ingest.resources).length, stats.routed);
});

test("a trap the addon cannot take fails alone: counted and logged, the rest of its batch stored", async (t) => {
  const { instances } = await oneInstance(t);
  const sink = new CountingSink();
  const log: string[] = [];
  const service = new TrapService({ instances, alerts: sink, log: (line) => log.push(line), host: "127.0.0.1", port: 0 });
  t.after(() => service.close());
  await service.start();
  const broken = (index: number) => index % 10 === 4;
  await burst(service.stats().port!, 200, broken);
  await until(() => service.stats().alerts + service.stats().failed === 200, "200 traps settled");
  await service.close();
  const stats = service.stats();
  assert.deepEqual([stats.received, stats.routed, stats.failed, stats.alerts], [200, 200, 20, 180]);
  const stored = sink.ingests.flatMap((ingest) => ingest.resources);
  assert.deepEqual([...stored].sort((a, b) => Number(a) - Number(b)), Array.from({ length: 200 }, (_, n) => n).filter((n) => !broken(n)).map(String));
  assert.match(log.join("\n"), /traps: connector c-traps could not take a trap from 127\.0\.0\.1: ADDON_CALL_FAILED: this trap has no ifIndex/);
});
