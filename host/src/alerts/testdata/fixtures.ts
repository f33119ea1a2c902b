// Shared set-up of the alert tests: an in-memory database, a manual clock, a manager,
// and builders for normalized alerts.
import type { NormalizedAlert } from "@opsconductor/sdk";
import { openDatabase, type Db } from "../../store/database.ts";
import { ManualClock } from "../../util/clock.ts";
import { AlertManager, type AlertManagerOptions } from "../manager.ts";
import { cachedStatement } from "../../store/statements.ts";

export const CONNECTOR = "prtg-1";
export const TYPE = "opsconductor.prtg";

export interface Harness {
  db: Db;
  clock: ManualClock;
  manager: AlertManager;
}

export function harness(options: AlertManagerOptions = {}): Harness {
  const db = openDatabase(":memory:");
  const clock = new ManualClock("2026-01-01T00:00:00.000Z");
  addConnector(db, CONNECTOR, TYPE);
  return { db, clock, manager: new AlertManager(db, { clock, ...options }) };
}

export function addConnector(db: Db, id: string, addonId = TYPE, pollIntervalS = 60): void {
  cachedStatement(db, `INSERT INTO connectors (id, addon_id, name, poll_interval_s, created_at, updated_at)
    VALUES (?, ?, ?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run(id, addonId, id, pollIntervalS);
}

/** A problem alert on sw1 (192.0.2.1), type link_down, resource ge-0/0/1, target sw1. */
export function problem(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    connector_type: TYPE,
    alert_type: "link_down",
    role: "problem",
    severity: "major",
    category: "network",
    device_ip: "192.0.2.1",
    device_name: "sw1",
    resource: "ge-0/0/1",
    target: "sw1",
    title: "sw1: link down",
    message: "ifOperStatus down",
    timestamp: "2026-01-01T00:00:00.000Z",
    metrics: { ifIndex: 1 },
    raw: {},
    ...overrides,
  };
}

/** The clear of {@link problem} (link_up on the same resource). */
export function clear(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return problem({ alert_type: "link_up", role: "clear", severity: "clear", title: "sw1: link up", ...overrides });
}

export function notice(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return problem({ alert_type: "cold_start", role: "notice", severity: "info", resource: undefined, ...overrides });
}

export interface Row {
  id: number;
  fingerprint: string;
  status: string;
  kind: string;
  stale: number;
  severity: string;
  occurrence_count: number;
  resolution: string | null;
  alert_type: string;
  target: string | null;
  title: string;
  priority: string;
  priority_reason: string;
}

export function rows(db: Db): Row[] {
  return cachedStatement(db, "SELECT * FROM alerts ORDER BY id").all() as Row[];
}

export function eventKinds(db: Db, alertId: number): string[] {
  return (cachedStatement(db, "SELECT kind FROM alert_events WHERE alert_id = ? ORDER BY id").all(alertId) as { kind: string }[])
    .map((row) => row.kind);
}

export function events(db: Db, alertId: number): Array<{ kind: string; actor: string; details: Record<string, unknown> }> {
  return (cachedStatement(db, "SELECT kind, actor, details_json FROM alert_events WHERE alert_id = ? ORDER BY id").all(alertId) as
    Array<{ kind: string; actor: string; details_json: string }>).map((row) => ({ kind: row.kind, actor: row.actor, details: JSON.parse(row.details_json) }));
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
