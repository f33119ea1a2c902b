import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { createTestScheduler, runsOf, settle } from "../scheduler/testing.ts";
import { metricsPollKind, type MetricReader, type MetricReading, type PollingConfig } from "./metrics-poll.ts";
import { metricsPollKey, syncMetricJobs } from "./metric-jobs.ts";
import { insertDevice, insertPollingConfig } from "./testing.ts";

/** An in-test SNMP reader: answers each read with the next scripted readings or error. */
class ScriptedReader implements MetricReader {
  readonly configs: PollingConfig[] = [];
  readonly #script: Array<MetricReading[] | OcError>;
  constructor(script: Array<MetricReading[] | OcError>) {
    this.#script = script;
  }
  async read(config: PollingConfig): Promise<MetricReading[]> {
    this.configs.push(config);
    const step = this.#script.shift() ?? [];
    if (step instanceof OcError) throw step;
    return step;
  }
}

function setup(script: Array<MetricReading[] | OcError>) {
  const reader = new ScriptedReader(script);
  const harness = createTestScheduler(({ db, clock }) => [metricsPollKind({ db, clock, metrics: reader })]);
  const deviceId = insertDevice(harness.db, "ups-1", "192.0.2.10");
  const configId = insertPollingConfig(harness.db, deviceId, { intervalS: 30 });
  syncMetricJobs(harness.db, harness.scheduler);
  return { ...harness, reader, deviceId, configId, key: metricsPollKey(configId) };
}

const samples = (harness: { db: ReturnType<typeof createTestScheduler>["db"] }) =>
  harness.db.prepare("SELECT device_id, metric, value, at FROM metric_samples ORDER BY id").all();

test("a metrics poll writes one sample per reading, at the poll's time, for the config's device", async () => {
  const harness = setup([
    [{ metric: "uptime", value: 123456 }, { metric: "battery_pct", value: 97.5 }],
    [{ metric: "uptime", value: 126456 }, { metric: "battery_pct", value: Number.NaN }, { metric: "", value: 1 }],
  ]);
  const { scheduler, timers, db, reader, deviceId, key } = harness;
  scheduler.start();
  await timers.advance(30_000);
  assert.deepEqual(samples(harness), [
    { device_id: deviceId, metric: "uptime", value: 123456, at: "2026-01-01T00:00:00.000Z" },
    { device_id: deviceId, metric: "battery_pct", value: 97.5, at: "2026-01-01T00:00:00.000Z" },
    { device_id: deviceId, metric: "uptime", value: 126456, at: "2026-01-01T00:00:30.000Z" },
    { device_id: deviceId, metric: "battery_pct", value: null, at: "2026-01-01T00:00:30.000Z" },
  ]);
  assert.deepEqual(reader.configs[0]!.oids.map((oid) => oid.metric), ["uptime", "battery_pct"]);
  assert.deepEqual(runsOf(db, key).map((run) => run.result), [
    { polling_config_id: harness.configId, device_id: deviceId, samples: 2, rejected: 0 },
    { polling_config_id: harness.configId, device_id: deviceId, samples: 2, rejected: 1 },
  ]);
  await scheduler.stop();
});

test("a failed read records the reader's code and writes nothing", async () => {
  const harness = setup([new OcError("SNMP_TIMEOUT", "no response from 192.0.2.10")]);
  harness.scheduler.start();
  await settle();
  const run = runsOf(harness.db, harness.key)[0]!;
  assert.deepEqual([run.status, run.error_code], ["failed", "SNMP_TIMEOUT"]);
  assert.deepEqual(samples(harness), []);
  await harness.scheduler.stop();
});

test("a deleted polling config fails its run with POLLING_CONFIG_NOT_FOUND", async () => {
  const harness = setup([[{ metric: "uptime", value: 1 }]]);
  harness.db.prepare("DELETE FROM polling_configs").run();
  harness.scheduler.start();
  await settle();
  const run = runsOf(harness.db, harness.key)[0]!;
  assert.deepEqual([run.status, run.error_code], ["failed", "POLLING_CONFIG_NOT_FOUND"]);
  await harness.scheduler.stop();
});

test("syncMetricJobs keeps one job per enabled polling config", () => {
  const { scheduler, db, deviceId, configId } = setup([]);
  const slow = insertPollingConfig(db, deviceId, { intervalS: 300 });
  insertPollingConfig(db, deviceId, { enabled: false });
  assert.deepEqual(syncMetricJobs(db, scheduler), { upserted: [metricsPollKey(configId), metricsPollKey(slow)], removed: [] });
  assert.deepEqual(scheduler.list({ kind: "metrics.poll" }).map((job) => [job.owner, job.interval_s, job.payload]), [
    ["core", 30, { polling_config_id: configId }],
    ["core", 300, { polling_config_id: slow }],
  ]);
  db.prepare("DELETE FROM polling_configs WHERE id = ?").run(configId);
  assert.deepEqual(syncMetricJobs(db, scheduler).removed, [metricsPollKey(configId)]);
});
