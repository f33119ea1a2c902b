import { isDeepStrictEqual } from "node:util";
import type { MappingSnapshot, NormalizedAlert, RawEvent } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { buildAddonBundle, fixtureSource } from "./test-support/build-addon.ts";
import { createTestCapabilities } from "./test-support/test-capabilities.ts";

export interface NormalizeBenchOptions {
  /** The addon bundle; default: the bench fixture addon (test-support/fixtures/bench-addon.ts). */
  bundleCode?: string;
  mappings?: MappingSnapshot;
  /** Default: 10,000 synthetic events of ten alert types. */
  events?: RawEvent[];
  /** Events per crossing of the sandbox boundary (default 1,000). */
  batchSize?: number;
  /** Measured rounds over all events, after two warm-up rounds (default 9). */
  rounds?: number;
}

export interface NormalizeBenchResult {
  events: number;
  batchSize: number;
  rounds: number;
  /** Median time of one round (all events), the normalizer class called directly in this process. */
  inProcessMs: number;
  /** Median time of one round through the isolate runtime: JSON in and out per batch, alerts validated host-side. */
  isolateMs: number;
  inProcessEventsPerSec: number;
  isolateEventsPerSec: number;
  /** isolateMs / inProcessMs (target: ≤ 2). */
  ratio: number;
  /** The isolate's alerts deep-equal the in-process ones (the batch protocol loses nothing). */
  equivalent: boolean;
}

const BENCH_TYPE = "bench.addon";

/**
 * Measures normalize throughput through the isolate runtime against the same normalizer
 * class run in-process (loaded from the same bundle). Returns numbers, prints nothing.
 */
export async function benchNormalize(options: NormalizeBenchOptions = {}): Promise<NormalizeBenchResult> {
  const bundleCode = options.bundleCode ?? (await buildAddonBundle(fixtureSource("bench-addon")));
  const mappings = options.mappings ?? benchMappings();
  const events = options.events ?? syntheticEvents(10_000);
  const batchSize = options.batchSize ?? 1_000;
  const rounds = options.rounds ?? 9;

  const { medianMs: [inProcessMs, isolateMs], alerts: [inProcessAlerts, isolateAlerts] } = await timeTogether(bundleCode, mappings, events, batchSize, rounds);
  return {
    events: events.length, batchSize, rounds, inProcessMs, isolateMs,
    inProcessEventsPerSec: Math.round(events.length / (inProcessMs / 1000)),
    isolateEventsPerSec: Math.round(events.length / (isolateMs / 1000)),
    ratio: Math.round((isolateMs / inProcessMs) * 100) / 100,
    equivalent: isDeepStrictEqual(isolateAlerts, inProcessAlerts),
  };
}

type Normalizer = { normalize(raw: RawEvent): NormalizedAlert | null };

/**
 * Times rounds of the two paths in turn (in-process, then the isolate, `rounds` times after two
 * warm-up rounds each), so drift in the machine's speed over the run hits both alike.
 */
async function timeTogether(bundleCode: string, mappings: MappingSnapshot, events: RawEvent[], batchSize: number, rounds: number) {
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundleCode).toString("base64")}`) as { default: { normalizer: new (m: MappingSnapshot) => Normalizer } };
  const normalizer = new module.default.normalizer(mappings);
  const inProcessRound = async () => {
    const alerts: NormalizedAlert[] = [];
    for (let start = 0; start < events.length; start += batchSize) {
      const end = Math.min(events.length, start + batchSize);
      for (let i = start; i < end; i++) {
        const alert = normalizer.normalize(events[i]!);
        if (alert !== null) alerts.push(alert);
      }
    }
    return alerts;
  };
  const runtime = createIsolateRuntime({ limits: { normalizeBatchSize: batchSize, cpuTimeoutMs: 10_000, memoryMb: 256 } });
  try {
    const addon = { id: mappings.connector_type, version: "0.0.0-bench", bundleCode, runtime: "isolate" as const };
    await runtime.load(addon);
    await runtime.createInstance("bench", { addon, config: {}, targets: [], mappings, capabilities: createTestCapabilities() });
    const isolateRound = () => runtime.normalize("bench", events, { deadlineMs: 60_000 });
    const paths = [inProcessRound, isolateRound];
    const alerts: NormalizedAlert[][] = [[], []];
    const times: number[][] = [[], []];
    for (let round = -2; round < rounds; round++) {
      for (let path = 0; path < 2; path++) {
        const started = performance.now();
        alerts[path] = await paths[path]!();
        if (round >= 0) times[path]!.push(performance.now() - started);
      }
    }
    return { medianMs: times.map(median) as [number, number], alerts: alerts as [NormalizedAlert[], NormalizedAlert[]] };
  } finally {
    await runtime.close();
  }
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 1000) / 1000;
}

function benchMappings(): MappingSnapshot {
  return {
    connector_type: BENCH_TYPE,
    severity: {
      sensor_down: { severity: "critical" }, sensor_warning: { severity: "warning" }, link_down: { severity: "major" },
      high_cpu: { severity: "minor" }, on_battery: { severity: "major" }, power_restored: { severity: "clear", clears: "on_battery" },
      sensor_paused: { severity: "info", enabled: false },
    },
    category: { on_battery: "power", power_restored: "power", high_cpu: "compute" },
    default_category: "network",
  };
}

const TYPES = ["sensor_down", "sensor_warning", "sensor_up", "link_down", "link_up", "high_cpu", "high_cpu_normal", "on_battery", "power_restored", "sensor_paused"];

/** Events shaped like a PRTG/SNMP connector's: standard fields plus a few metrics. */
export function syntheticEvents(count: number): RawEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    alert_type: TYPES[i % TYPES.length]!,
    device_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    device_name: `device-${i % 500}`,
    target: `t${i % 4}`,
    resource: `sensor:${i % 50}`,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
    metrics: { sensor: `Ping ${i % 50}`, value: i % 300, threshold: 100, unit: "ms", lastvalue: `${i % 300} msec` },
    ...(i % 3 === 0 ? { message: `Request timed out (${i})` } : {}),
  }));
}
