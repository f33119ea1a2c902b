import type { Query } from "../../api/client.ts";
import type { AlertRecord } from "../../api/types.ts";

export const STATUSES = ["open", "acknowledged", "resolved"] as const;
export type AlertStatus = (typeof STATUSES)[number];

/** What the alert list shows; mirrored in the URL hash so a view can be bookmarked and shared. */
export interface AlertFilters {
  /** Empty: every status. */
  status: AlertStatus[];
  /** Empty: every severity. */
  severity: string[];
  category: string[];
  connector_type: string[];
  /** Device name or IP, substring. */
  device: string;
  /** Title, message, alert type or device, substring. */
  text: string;
}

/** The NOC's default view: what still needs someone (open and acknowledged). */
export const ACTIVE_STATUSES: AlertStatus[] = ["open", "acknowledged"];

export const DEFAULT_FILTERS: AlertFilters = {
  status: ACTIVE_STATUSES, severity: [], category: [], connector_type: [], device: "", text: "",
};

export const PAGE_SIZE = 100;

function list(value: string | null): string[] {
  return value === null ? [] : [...new Set(value.split(",").map((v) => v.trim()).filter((v) => v !== ""))];
}

/** Filters from the hash's params; an absent `status` is the active view, `status=all` is every status. */
export function filtersFromParams(params: URLSearchParams): AlertFilters {
  const statusParam = params.get("status");
  const status = statusParam === null
    ? ACTIVE_STATUSES
    : list(statusParam).filter((s): s is AlertStatus => (STATUSES as readonly string[]).includes(s));
  return {
    status,
    severity: list(params.get("severity")),
    category: list(params.get("category")),
    connector_type: list(params.get("connector_type")),
    device: params.get("device")?.trim() ?? "",
    text: params.get("text")?.trim() ?? "",
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

/** The hash params of `filters` (the default view has none); other params (the open alert) are kept. */
export function filtersToParams(filters: AlertFilters, base = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const name of ["status", "severity", "category", "connector_type", "device", "text"]) params.delete(name);
  if (!sameSet(filters.status, ACTIVE_STATUSES)) {
    params.set("status", filters.status.length === 0 || filters.status.length === STATUSES.length ? "all" : filters.status.join(","));
  }
  if (filters.severity.length) params.set("severity", filters.severity.join(","));
  if (filters.category.length) params.set("category", filters.category.join(","));
  if (filters.connector_type.length) params.set("connector_type", filters.connector_type.join(","));
  if (filters.device) params.set("device", filters.device);
  if (filters.text) params.set("text", filters.text);
  return params;
}

/** The query of `GET /alerts` (arrays go comma-separated; empty filters are left out). */
export function filtersToQuery(filters: AlertFilters, cursor?: string | null, limit = PAGE_SIZE): Query {
  return {
    status: filters.status.length === STATUSES.length ? [] : filters.status,
    severity: filters.severity,
    category: filters.category,
    connector_type: filters.connector_type,
    device: filters.device,
    text: filters.text,
    limit,
    cursor: cursor ?? undefined,
  };
}

function contains(haystack: string | null | undefined, needle: string): boolean {
  return (haystack ?? "").toLowerCase().includes(needle);
}

/**
 * Whether an alert belongs in the current view — the client-side twin of the API's
 * filtering, used to place alerts that arrive over the live stream.
 */
export function matchesFilters(alert: AlertRecord, filters: AlertFilters): boolean {
  if (filters.status.length && !filters.status.includes(alert.status)) return false;
  if (filters.severity.length && !filters.severity.includes(alert.severity)) return false;
  if (filters.category.length && !filters.category.includes(alert.category)) return false;
  if (filters.connector_type.length && !filters.connector_type.includes(alert.connector_type)) return false;
  const device = filters.device.toLowerCase();
  if (device && !contains(alert.device_name, device) && !contains(alert.device_ip, device)) return false;
  const text = filters.text.toLowerCase();
  if (text && ![alert.title, alert.message, alert.alert_type, alert.device_name, alert.device_ip].some((f) => contains(f, text))) {
    return false;
  }
  return true;
}

/** True when any filter differs from the default view. */
export function isFiltered(filters: AlertFilters): boolean {
  return filtersToParams(filters).toString() !== "";
}
