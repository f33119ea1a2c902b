import type { AlertRecord } from "../../api/types.ts";

/** An alert as the API returns it, for the unit tests of the list logic. */
export function alertFixture(overrides: Partial<AlertRecord> = {}): AlertRecord {
  return {
    id: 1, fingerprint: "fp", connector_id: "prtg-1", connector_type: "prtg", target: null, alert_type: "sensor_down", kind: "problem",
    status: "open", stale: false, severity: "major", category: "network", priority: "P2", priority_reason: "",
    device_ip: "10.0.0.1", device_name: "core-sw-1", resource: null, title: "Ping down on core-sw-1", message: "no reply",
    metrics: {}, raw: {}, occurrence_count: 1, first_seen_at: "2025-06-01T12:00:00Z", last_seen_at: "2025-06-01T12:00:00Z",
    event_time: "2025-06-01T12:00:00Z", acknowledged_by: null, acknowledged_at: null, resolved_by: null, resolved_at: null,
    resolution: null, ...overrides,
  };
}
