// Test support for job handlers: an AlertSink that records what it is told, and core-table fixtures.
// Imported by tests only.
import type { NormalizedAlert } from "@opsconductor/sdk";
import type { AlertChange, AlertRecord, AlertSink, IngestResult, PollOutcome } from "../alerts/types.ts";
import type { Db } from "../store/database.ts";

export function emptyIngestResult(received = 0): IngestResult {
  return {
    received, created: 0, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0,
    resolvedByAbsence: 0, expired: 0, markedStale: 0, markedFresh: 0, healthRaised: 0, healthCleared: 0, truncated: 0, overOpenLimit: 0,
  };
}

/** An AlertSink that records the calls the scheduler's handlers make and answers with empty results. */
export class RecordingAlertSink implements AlertSink {
  readonly polls: PollOutcome[] = [];
  readonly failures: Array<{ connectorId: string; connectorType: string; error: { code: string; message: string } }> = [];
  evaluations = 0;
  resets = 0;

  ingest(_connectorId: string, alerts: readonly NormalizedAlert[]): IngestResult {
    return emptyIngestResult(alerts.length);
  }
  ingestPoll(outcome: PollOutcome): IngestResult {
    this.polls.push(outcome);
    return { ...emptyIngestResult(outcome.alerts.length), created: outcome.alerts.length };
  }
  pollFailed(connectorId: string, connectorType: string, error: { code: string; message: string }): IngestResult {
    this.failures.push({ connectorId, connectorType, error });
    return emptyIngestResult();
  }
  evaluate(): { markedStale: number; expired: number; flapping: number } {
    this.evaluations++;
    return { markedStale: 0, expired: 0, flapping: 0 };
  }
  resetCounters(): { reset: number } {
    this.resets++;
    return { reset: 3 };
  }
  acknowledge(): AlertRecord {
    throw new Error("not used by job handlers");
  }
  unacknowledge(): AlertRecord {
    throw new Error("not used by job handlers");
  }
  resolve(): AlertRecord {
    throw new Error("not used by job handlers");
  }
  resolveInstance(): number {
    throw new Error("not used by job handlers");
  }
  invalidateMappings(): void {}
  onChange(_listener: (change: AlertChange) => void): () => void {
    return () => {};
  }
}

const CREATED = "2025-12-01T00:00:00.000Z";

export function insertAddon(db: Db, id: string, options: { enabled?: boolean; status?: string; capabilities?: string[] } = {}): void {
  db.prepare(`INSERT INTO installed_addons (id, version, name, category, runtime, trust_level, path, manifest_json, enabled, status, installed_at, updated_at)
    VALUES (?, '1.0.0', ?, 'device', 'isolate', 'core', '/addons', ?, ?, ?, ?, ?)`).run(
    id, id, JSON.stringify({ capabilities: options.capabilities ?? ["polling"] }), options.enabled === false ? 0 : 1,
    options.status ?? "active", CREATED, CREATED);
}

export function insertConnector(db: Db, id: string, addonId: string, options: { enabled?: boolean; pollIntervalS?: number } = {}): void {
  db.prepare(`INSERT INTO connectors (id, addon_id, name, enabled, poll_interval_s, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(id, addonId, `${id} instance`, options.enabled === false ? 0 : 1, options.pollIntervalS ?? 60, CREATED, CREATED);
}

export function insertDevice(db: Db, name: string, ip: string): number {
  return Number(db.prepare(`INSERT INTO devices (external_id, name, ip, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`)
    .run(name, name, ip, CREATED, CREATED).lastInsertRowid);
}

export function insertPollingConfig(db: Db, deviceId: number, options: { intervalS?: number; enabled?: boolean } = {}): number {
  const oids = [{ oid: "1.3.6.1.2.1.1.3.0", metric: "uptime" }, { oid: "1.3.6.1.4.1.534.1.2.4.0", metric: "battery_pct" }];
  return Number(db.prepare(`INSERT INTO polling_configs (device_id, name, oids_json, interval_s, enabled, created_at, updated_at)
    VALUES (?, 'ups basics', ?, ?, ?, ?, ?)`).run(deviceId, JSON.stringify(oids), options.intervalS ?? 30, options.enabled === false ? 0 : 1, CREATED, CREATED).lastInsertRowid);
}
