import { SEVERITIES } from "@opsconductor/sdk";
import { countUnresolvedAlerts, listConnectorCountersWithAddon, type ConnectorCountersOfAddon } from "../alerts/queries.ts";
import type { Db } from "../store/database.ts";
import { countJobsByLastStatus } from "../scheduler/queries.ts";
import type { MetricFamily, Sample } from "./exposition.ts";

const UNRESOLVED_STATUSES = ["open", "acknowledged"] as const;

/** Unresolved alerts per severity and status; every known pair is present, at 0 when there is none, so series do not vanish. */
export function alertMetrics(db: Db): MetricFamily[] {
  const rows = countUnresolvedAlerts(db);
  const counted = new Map(rows.map((row) => [`${row.severity} ${row.status}`, row.count]));
  const severities = new Set<string>([...SEVERITIES.filter((name) => name !== "clear"), ...rows.map((row) => row.severity)]);
  const samples = [...severities].flatMap((severity) => UNRESOLVED_STATUSES.map((status) => ({
    labels: { severity, status }, value: counted.get(`${severity} ${status}`) ?? 0,
  })));
  return [{ name: "opsconductor_alerts_unresolved", help: "Unresolved alerts (open or acknowledged) by severity and status.", type: "gauge", samples }];
}

type CountColumn = Exclude<keyof ConnectorCountersOfAddon, "connector_id" | "addon_id" | "since">;

/** connector_counters columns, each exported as opsconductor_connector_<column>_total. */
const COUNTER_COLUMNS: ReadonlyArray<[CountColumn, string]> = [
  ["received", "Alerts received"],
  ["created", "Alerts that opened a new alert"],
  ["deduplicated", "Alerts that repeated an unresolved alert"],
  ["resolved", "Clears that resolved an alert"],
  ["dropped_clears", "Clears for a key with no unresolved alert, dropped"],
  ["notices", "Notices stored"],
  ["polls", "Polls run"],
  ["poll_failures", "Polls that failed"],
];

/** Today's per-connector counters (the daily counters of the connectors API): they drop to 0 at the reset, as counters may. */
export function connectorCounterMetrics(db: Db): MetricFamily[] {
  const rows = listConnectorCountersWithAddon(db);
  return COUNTER_COLUMNS.map(([column, what]) => ({
    name: `opsconductor_connector_${column}_total`,
    help: `${what}, per connector instance, since the daily reset (counters.reset at 00:00 UTC).`,
    type: "counter",
    samples: rows.map((row): Sample => ({ labels: { connector_id: row.connector_id, addon_id: row.addon_id }, value: row[column] })),
  }));
}

/** Scheduled jobs by kind and the status of their last run: scheduler_jobs is one row per job, unlike the run history. */
export function schedulerMetrics(db: Db): MetricFamily[] {
  const rows = countJobsByLastStatus(db);
  return [{
    name: "opsconductor_scheduler_jobs",
    help: "Scheduled jobs by kind and the status of their last run (never: not run yet).",
    type: "gauge",
    samples: rows.map((row) => ({ labels: { kind: row.kind, last_status: row.last_status }, value: row.count })),
  }];
}
