import type { AlertSink } from "../../alerts/types.ts";
import type { JobKind } from "../types.ts";

/** alerts.evaluate: every minute, staleness of silent instances, expiry and flapping. */
export function alertsEvaluateKind(alerts: AlertSink): JobKind {
  return {
    name: "alerts.evaluate",
    description: "Marks silent connectors' alerts stale, expires and detects flapping alerts",
    defaultIntervalS: 60,
    defaultTimeoutMs: 30_000,
    handler: async () => ({ ...alerts.evaluate() }),
  };
}

/** counters.reset: daily at 00:00 UTC, zeroes the per-connector daily counters. */
export function countersResetKind(alerts: AlertSink): JobKind {
  return {
    name: "counters.reset",
    description: "Zeroes the daily per-connector counters",
    defaultCron: "0 0 * * *",
    defaultTimeoutMs: 30_000,
    handler: async () => ({ ...alerts.resetCounters() }),
  };
}
