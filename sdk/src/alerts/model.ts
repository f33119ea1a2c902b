import type { FromSchema } from "json-schema-to-ts";

/** Alert severities, most severe first (DESIGN §5). */
export const SEVERITIES = ["critical", "major", "minor", "warning", "info", "clear"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Alert categories (DESIGN §5). */
export const CATEGORIES = [
  "network", "wireless", "video", "power", "environment", "storage", "compute", "security", "application", "unknown",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What an event means for the alert it belongs to. */
export const ROLES = ["problem", "clear", "notice"] as const;
export type Role = (typeof ROLES)[number];

/** Impact (from device criticality) and urgency levels of the priority matrix; also device criticality. */
export const LEVELS = ["high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];

/** Priorities, most urgent first: impact × urgency → P1..P5. */
export const PRIORITIES = ["P1", "P2", "P3", "P4", "P5"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Suffixes that make an alert type a clear of the type without it (`link_up` clears `link_down`). */
export const CLEAR_SUFFIXES = ["_restored", "_up", "_online", "_ok", "_normal", "_cleared", "_clear"] as const;

const metricsSchema = { type: "object", additionalProperties: true } as const;

/** JSON Schema of a raw event, what a connector's `poll`/`receive` returns (DESIGN §10). */
export const rawEventSchema = {
  $id: "https://opsconductor.dev/schemas/raw-event.json",
  type: "object",
  required: ["alert_type", "device_ip", "device_name", "timestamp", "metrics"],
  properties: {
    alert_type: { type: "string", minLength: 1, maxLength: 200 },
    device_ip: { type: "string", maxLength: 200 },
    device_name: { type: "string", maxLength: 500 },
    resource: { type: "string", maxLength: 500 },
    target: { type: "string", maxLength: 200 },
    timestamp: { type: "string", minLength: 1 },
    metrics: metricsSchema,
    message: { type: "string" },
  },
  additionalProperties: true,
} as const;
export type RawEvent = FromSchema<typeof rawEventSchema>;

/**
 * JSON Schema of the one alert model every source is normalized into (DESIGN §5).
 * `resource` (the sub-object: sensor, ifIndex, tunnel peer) and `target` (the
 * connector target the event came from) are optional extensions used by the
 * default fingerprint and by per-target snapshot/stale handling.
 */
export const normalizedAlertSchema = {
  $id: "https://opsconductor.dev/schemas/normalized-alert.json",
  type: "object",
  required: [
    "connector_type", "alert_type", "role", "severity", "category",
    "device_ip", "device_name", "title", "message", "timestamp", "metrics", "raw",
  ],
  properties: {
    connector_type: { type: "string", minLength: 1, maxLength: 200 },
    alert_type: { type: "string", minLength: 1, maxLength: 200 },
    role: { type: "string", enum: ROLES },
    severity: { type: "string", enum: SEVERITIES },
    category: { type: "string", enum: CATEGORIES },
    device_ip: { type: "string", maxLength: 200 },
    device_name: { type: "string", maxLength: 500 },
    resource: { type: "string", maxLength: 500 },
    target: { type: "string", maxLength: 200 },
    title: { type: "string", maxLength: 1000 },
    message: { type: "string" },
    timestamp: { type: "string", format: "date-time" },
    metrics: metricsSchema,
    raw: { type: "object", additionalProperties: true },
  },
  additionalProperties: false,
} as const;
export type NormalizedAlert = FromSchema<typeof normalizedAlertSchema>;
