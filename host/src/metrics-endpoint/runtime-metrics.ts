import type { AddonPlatform } from "../addons/platform.ts";
import type { AddonRuntimeStats } from "../runtime/types.ts";
import type { TrapStats } from "../traps/trap-service.ts";
import type { MetricFamily, MetricType } from "./exposition.ts";

type AddonFigure = (stats: AddonRuntimeStats) => number;

const ADDON_FIGURES: ReadonlyArray<[string, MetricType, string, AddonFigure]> = [
  ["opsconductor_addon_instances", "gauge", "Connector instances running in the addon's runtime.", (s) => s.instances],
  ["opsconductor_addon_polls_total", "counter", "Polls the addon ran.", (s) => s.polls],
  ["opsconductor_addon_failures_total", "counter", "Addon calls that ended in an error (poll failures, crashes, invalid results).", (s) => s.failures],
  ["opsconductor_addon_restarts_total", "counter", "Addon instances rebuilt after a crash.", (s) => s.restarts],
  ["opsconductor_addon_cpu_seconds_total", "counter", "CPU time spent in the addon's sandbox.", (s) => s.cpuTimeMs / 1000],
  ["opsconductor_addon_heap_used_bytes", "gauge", "Heap used by the addon's sandbox.", (s) => s.heapUsedBytes],
  ["opsconductor_addon_capability_calls_total", "counter", "Capability calls (http, snmp, ssh, state) the addon made.", (s) => s.capabilityCalls],
  ["opsconductor_addon_capability_bytes_total", "counter", "Bytes of capability arguments and results that crossed the sandbox boundary.", (s) => s.capabilityBytes],
  ["opsconductor_addon_capability_calls_outside_operations_total", "counter", "Capability calls made while no operation of their instance ran, held unanswered.", (s) => s.capabilityCallsOutsideOperations],
];

/** Runtime counters of each loaded addon version (as GET /addons shows them); an addon not loaded has none. */
export function addonMetrics(platform: AddonPlatform | undefined): MetricFamily[] {
  const loaded = (platform?.manager.list() ?? []).flatMap((listing) => (listing.stats ? [listing.stats] : []));
  return ADDON_FIGURES.map(([name, type, help, figure]) => ({
    name, type, help,
    samples: loaded.map((stats) => ({ labels: { addon_id: stats.id, version: stats.version, runtime: stats.runtime }, value: figure(stats) })),
  }));
}

type TrapCount = Exclude<keyof TrapStats, "listening" | "host" | "port" | "last_unrouted">;

const TRAP_COUNTERS: ReadonlyArray<[TrapCount, string]> = [
  ["received", "Trap packets received."],
  ["routed", "Traps handed to a connector instance."],
  ["dropped", "Traps dropped because their instance had too many waiting."],
  ["unrouted", "Traps no enabled trap instance lists (by source address and credential)."],
  ["rejected", "Packets refused before routing (unknown community or user, malformed)."],
  ["failed", "Routed traps the addon failed to receive or store."],
  ["alerts", "Alerts made from traps."],
];

/** The SNMP trap listener's counters (GET /traps without the bound address, which is configuration). */
export function trapMetrics(platform: AddonPlatform | undefined): MetricFamily[] {
  const stats = platform?.traps?.stats();
  if (!stats) return [];
  return [
    { name: "opsconductor_traps_listening", type: "gauge", help: "1 while the SNMP trap listener is bound.", samples: [{ value: stats.listening ? 1 : 0 }] },
    ...TRAP_COUNTERS.map(([field, help]): MetricFamily => ({
      name: `opsconductor_traps_${field}_total`, type: "counter", help, samples: [{ value: stats[field] }],
    })),
  ];
}

/** Jobs whose timed-out handler has not returned (they run again only once it does). */
export function stuckJobMetrics(stuckKeys: readonly string[]): MetricFamily[] {
  return [{
    name: "opsconductor_scheduler_stuck_jobs",
    help: "Jobs whose last run timed out while its handler still has not returned: they do not run again until it does.",
    type: "gauge",
    samples: [{ labels: {}, value: stuckKeys.length }],
  }];
}
