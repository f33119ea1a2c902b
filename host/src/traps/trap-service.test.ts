import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import type { ConnectorInstances } from "../addons/instances.ts";
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
