import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import type { NormalizedAlert, TrapMessage } from "@opsconductor/sdk";
import type { ConnectorInstances } from "../addons/instances.ts";
import type { IngestResult } from "../alerts/types.ts";
import { snmp } from "../broker/snmp/net-snmp.ts";
import { RecordingAlertSink } from "../connectors/testing.ts";
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
  await blocked.close();
  blocker.close();

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

/** One trap connector instance for 127.0.0.1 whose `receive` turns a trap into one alert named by its ifIndex. */
function oneInstance(receive: (index: number) => Promise<void> = async () => {}) {
  const received: number[] = [];
  const running = {
    connectorId: "c-traps", instanceId: "i-traps", targets: [{ id: "sw", host: "127.0.0.1" }],
    trapCredentials: { communities: ["burst"], users: [] },
    loaded: { runtime: { receive: async (_instanceId: string, message: TrapMessage) => {
      const index = Number(message.varbinds.find((varbind) => varbind.oid.startsWith("1.3.6.1.2.1.2.2.1.1."))!.value);
      received.push(index);
      // Random delays: receive calls finish out of order.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
      await receive(index);
      return [{ resource: String(index) } as unknown as NormalizedAlert];
    } } },
  };
  const instances = { list: () => [running], onChange: () => () => {}, use: (_id: string, work: (r: unknown) => Promise<unknown>) => work(running) } as unknown as ConnectorInstances;
  return { instances, received };
}

class CountingSink extends RecordingAlertSink {
  readonly ingests: Array<{ connectorId: string; resources: string[] }> = [];
  override ingest(connectorId: string, alerts: readonly NormalizedAlert[]): IngestResult {
    this.ingests.push({ connectorId, resources: alerts.map((alert) => String(alert.resource)) });
    return super.ingest(connectorId, alerts);
  }
}

/** `count` v2c traps, ifIndex 0..count-1, sent as fast as net-snmp can from one session. */
async function burst(port: number, count: number): Promise<void> {
  const session = (snmp.createSession as unknown as (...args: unknown[]) => TrapSession)("127.0.0.1", "burst", { trapPort: port, version: snmp.Version2c });
  let pending = count;
  await new Promise<void>((resolve, reject) => {
    for (let index = 0; index < count; index++) {
      session.trap("1.3.6.1.6.3.1.1.5.3", [{ oid: `1.3.6.1.2.1.2.2.1.1.${index}`, type: snmp.ObjectType.Integer, value: index }], { agentAddr: "127.0.0.1" }, (error) => {
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
  const { instances, received } = oneInstance();
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
  const { instances } = oneInstance(() => gate);
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
