import { isDeepStrictEqual } from "node:util";
import ivm from "isolated-vm";
import type { MappingSnapshot, NormalizedAlert, RawEvent } from "@opsconductor/sdk";
import { createIsolateRuntime } from "./isolate/isolate-runtime.ts";
import { DEFAULT_LIMITS } from "./limits.ts";
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
  /** Measured rounds over all events, after two warm-up rounds (default 15). */
  rounds?: number;
}

/** One input shape's figures: the same events normalized in-process and through the isolate runtime. */
export interface NormalizePathResult {
  /** Median time of one round (all events), the normalizer class called directly in this process. */
  inProcessMs: number;
  /** Median time of one round through the isolate runtime, alerts validated host-side. */
  isolateMs: number;
  inProcessEventsPerSec: number;
  isolateEventsPerSec: number;
  /** The median over rounds of isolate / in-process time, each round's pair taken back to back (target: ≤ 2). */
  ratio: number;
  /** The isolate's alerts deep-equal the in-process ones (the batch protocol loses nothing). */
  equivalent: boolean;
}

export interface NormalizeBenchResult {
  events: number;
  batchSize: number;
  rounds: number;
  /**
   * Events as their JSON text, the way every source delivers them (an HTTP body, a poll's
   * response): in-process parses the text and normalizes; the isolate runtime gets the text
   * (the guest parses its copy while the host parses its own) and normalizes in batches.
   */
  fromJson: NormalizePathResult;
  /** Events as host objects: each batch is a structured copy into the sandbox. */
  fromObjects: NormalizePathResult;
  /**
   * Median time of one round of only copying the object batches into an isolate (nothing
   * parsed, normalized or answered): the floor of `fromObjects.isolateMs`.
   */
  objectCopyFloorMs: number;
}

const BENCH_TYPE = "bench.addon";

/**
 * Measures normalize throughput through the isolate runtime against the same normalizer
 * class run in-process (loaded from the same bundle), for events given as JSON text and as
 * host objects. Returns numbers, prints nothing.
 */
export async function benchNormalize(options: NormalizeBenchOptions = {}): Promise<NormalizeBenchResult> {
  const bundleCode = options.bundleCode ?? (await buildAddonBundle(fixtureSource("bench-addon")));
  const mappings = options.mappings ?? benchMappings();
  const events = options.events ?? syntheticEvents(10_000);
  const batchSize = options.batchSize ?? 1_000;
  const rounds = options.rounds ?? 15;
  const { times, alerts } = await timeTogether(bundleCode, mappings, events, batchSize, rounds);
  const path = (inProcess: PathName, isolate: PathName): NormalizePathResult => {
    const inProcessMs = median(times[inProcess]);
    const isolateMs = median(times[isolate]);
    // Paired: this machine's speed drifts over seconds, and two medians taken apart would show it.
    const ratios = times[isolate].map((ms, round) => ms / times[inProcess][round]!);
    return {
      inProcessMs, isolateMs,
      inProcessEventsPerSec: Math.round(events.length / (inProcessMs / 1000)),
      isolateEventsPerSec: Math.round(events.length / (isolateMs / 1000)),
      ratio: Math.round(median(ratios) * 100) / 100,
      equivalent: isDeepStrictEqual(alerts[isolate], alerts[inProcess]),
    };
  };
  return {
    events: events.length, batchSize, rounds,
    fromJson: path("inProcessJson", "isolateJson"),
    fromObjects: path("inProcessObjects", "isolateObjects"),
    objectCopyFloorMs: median(times.copyFloor),
  };
}

type Normalizer = { normalize(raw: RawEvent): NormalizedAlert | null };
type PathName = "inProcessJson" | "isolateJson" | "inProcessObjects" | "isolateObjects" | "copyFloor";

/**
 * Times the paths of each comparison in turn (`rounds` times after two warm-up rounds each),
 * so drift in the machine's speed over the run hits both alike.
 */
async function timeTogether(bundleCode: string, mappings: MappingSnapshot, events: RawEvent[], batchSize: number, rounds: number) {
  const module = await import(`data:text/javascript;base64,${Buffer.from(bundleCode).toString("base64")}`) as { default: { normalizer: new (m: MappingSnapshot) => Normalizer } };
  const normalizer = new module.default.normalizer(mappings);
  const json = JSON.stringify(events);
  const normalizeAll = (input: readonly RawEvent[]) => {
    const alerts: NormalizedAlert[] = [];
    for (const event of input) {
      const alert = normalizer.normalize(event);
      if (alert !== null) alerts.push(alert);
    }
    return alerts;
  };
  // The limits an addon runs with by default (a bigger heap measured slower here, not faster).
  const runtime = createIsolateRuntime({ limits: { normalizeBatchSize: batchSize } });
  const copyFloor = await openCopyFloor(events, batchSize);
  try {
    const addon = { id: mappings.connector_type, version: "0.0.0-bench", bundleCode, runtime: "isolate" as const };
    await runtime.load(addon);
    await runtime.createInstance("bench", { addon, config: {}, targets: [], mappings, capabilities: createTestCapabilities() });
    const deadline = { deadlineMs: 60_000 };
    const paths: Record<PathName, () => Promise<NormalizedAlert[]> | NormalizedAlert[]> = {
      inProcessJson: () => normalizeAll(JSON.parse(json) as RawEvent[]),
      isolateJson: () => runtime.normalize("bench", json, deadline),
      inProcessObjects: () => normalizeAll(events),
      isolateObjects: () => runtime.normalize("bench", events, deadline),
      copyFloor: async () => {
        await copyFloor.round();
        return [];
      },
    };
    // Each comparison's two paths take turns; the comparisons run one after the other, so
    // one's garbage is not collected on the other's clock.
    const comparisons: PathName[][] = [["inProcessJson", "isolateJson"], ["inProcessObjects", "isolateObjects"], ["copyFloor"]];
    const alerts = {} as Record<PathName, NormalizedAlert[]>;
    const times = Object.fromEntries(Object.keys(paths).map((name) => [name, [] as number[]])) as Record<PathName, number[]>;
    for (const names of comparisons) {
      for (let round = -2; round < rounds; round++) {
        for (const name of names) {
          const started = performance.now();
          alerts[name] = await paths[name]();
          if (round >= 0) times[name].push(performance.now() - started);
        }
      }
    }
    return { times, alerts };
  } finally {
    copyFloor.close();
    await runtime.close();
  }
}

/** Copies the events into an isolate batch by batch, as the runtime's object path does, and nothing else. */
async function openCopyFloor(events: readonly RawEvent[], batchSize: number) {
  const isolate = new ivm.Isolate({ memoryLimit: DEFAULT_LIMITS.memoryMb });
  const context = await isolate.createContext();
  const count = await context.eval("(function (batch) { return batch.length; })", { reference: true }) as ivm.Reference<(batch: unknown[]) => number>;
  return {
    async round() {
      for (let start = 0; start < events.length; start += batchSize) {
        await count.apply(undefined, [events.slice(start, start + batchSize)], { arguments: { copy: true }, result: { copy: true } });
      }
    },
    close() {
      isolate.dispose();
    },
  };
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
