import type { MetricFamily } from "./exposition.ts";

// Computed once: recomputed per scrape it wobbles by a second, and a changed start time reads as a restart.
const STARTED_AT_S = Math.round(Date.now() / 1000 - process.uptime());

/** Build info and the process figures Prometheus clients conventionally export; each one is a cheap call. */
export function processMetrics(version: string): MetricFamily[] {
  return [
    {
      name: "opsconductor_build_info", type: "gauge", help: "Always 1; the labels name the running build.",
      samples: [{ labels: { version, node_version: process.version }, value: 1 }],
    },
    { name: "process_resident_memory_bytes", type: "gauge", help: "Resident memory size in bytes.", samples: [{ value: process.memoryUsage.rss() }] },
    {
      name: "process_start_time_seconds", type: "gauge", help: "Start time of the process since the Unix epoch in seconds.",
      samples: [{ value: STARTED_AT_S }],
    },
  ];
}
