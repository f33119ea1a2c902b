import { rejectMessage, type RawEvent } from "@opsconductor/sdk";
import { compilePointer, resolvePointer, type PointerReader } from "./json-pointer.ts";

/** An instance's configuration, defaults applied by the host from the config_schema. */
export interface WebhookConfig {
  events_pointer?: string;
  fields?: Partial<Record<"alert_type" | "device_ip" | "device_name" | "severity" | "resource" | "message" | "timestamp", string>>;
  default_alert_type?: string;
  default_device_name?: string;
}

/**
 * At most this many events are taken from one delivery; one with more is refused whole. A 256 KiB
 * body (the host's limit) holds fewer unless its events are tinier than ~50 bytes; the bound keeps
 * four deliveries at once (the host's sandbox limit) well inside the addon's memory.
 */
export const MAX_EVENTS = 5_000;

const DEFAULT_FIELDS = {
  alert_type: "/alert_type", device_ip: "/device_ip", device_name: "/device_name", severity: "/severity",
  resource: "/resource", message: "/message", timestamp: "/timestamp",
} as const;

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

// A sender repeats a handful of alert type names: each is turned into an identifier once.
const alertTypes = new Map<string, string>();
const MAX_REMEMBERED_TYPES = 1_000;

/** `Link Down!` → `link_down`, `HighLatency` → `high_latency`: alert types are identifiers. */
export function alertTypeOf(value: string): string {
  let type = alertTypes.get(value);
  if (type === undefined) {
    type = value.trim().replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 100);
    if (alertTypes.size >= MAX_REMEMBERED_TYPES) alertTypes.clear();
    alertTypes.set(value, type);
  }
  return type;
}

/** ISO 8601 of a date string or epoch (s or ms), else `fallback`. */
function timestampOf(value: unknown, fallback: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  if (typeof value === "string" && value !== "") {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) return new Date(parsed).toISOString();
  }
  return fallback;
}

const isEvent = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

/**
 * The events of a delivery: the body, or what `events_pointer` names in it, one event object or an
 * array of them. Anything else refuses the delivery whole (rejectMessage): a sender is never
 * answered as if its events were taken when some were not.
 */
function eventList(body: unknown, eventsPointer: string): Array<Record<string, unknown>> {
  const found = resolvePointer(body, eventsPointer);
  const where = eventsPointer === "" ? "the body" : `the events pointer ${JSON.stringify(eventsPointer)}`;
  if (found === undefined) rejectMessage(`${where} names nothing in this delivery`);
  if (!Array.isArray(found)) {
    if (!isEvent(found)) rejectMessage(`${where} names ${kindOf(found)}: expected an event object or an array of them`);
    return [found];
  }
  if (found.length > MAX_EVENTS) rejectMessage(`the delivery carries ${found.length} events, more than the ${MAX_EVENTS} taken at once: send them in smaller deliveries`);
  const notEvent = found.findIndex((item) => !isEvent(item));
  if (notEvent >= 0) rejectMessage(`event ${notEvent} of the delivery is ${kindOf(found[notEvent])}, not an object`);
  return found;
}

/**
 * The raw events of one delivery (see eventList), each mapped field by field through the
 * configured JSON pointers. The sender's severity travels in `metrics.source_severity`, the
 * whole event in `payload`.
 */
export function eventsOf(body: unknown, config: WebhookConfig, receivedAt: string): RawEvent[] {
  const list = eventList(body, config.events_pointer ?? "");
  const pointers = { ...DEFAULT_FIELDS, ...config.fields };
  const readers = Object.fromEntries(Object.entries(pointers).map(([name, pointer]) => [name, compilePointer(pointer)])) as
    Record<keyof typeof DEFAULT_FIELDS, PointerReader>;
  const events: RawEvent[] = [];
  for (const item of list) {
    const field = (name: keyof typeof DEFAULT_FIELDS) => readers[name](item);
    const alertType = alertTypeOf(text(field("alert_type")) ?? "") || config.default_alert_type || "webhook_event";
    const deviceIp = text(field("device_ip")) ?? "";
    const event: RawEvent = {
      alert_type: alertType,
      device_ip: deviceIp.slice(0, 200),
      device_name: (text(field("device_name")) ?? (deviceIp || config.default_device_name || "webhook")).slice(0, 500),
      timestamp: timestampOf(field("timestamp"), receivedAt),
      metrics: {},
      payload: item,
    };
    const severity = field("severity");
    if (severity !== undefined) event.metrics.source_severity = severity;
    const resource = text(field("resource"));
    if (resource !== undefined && resource !== "") event.resource = resource.slice(0, 500);
    const message = text(field("message"));
    if (message !== undefined) event.message = message;
    events.push(event);
  }
  return events;
}
