import type { Category, NormalizedAlert, RawEvent, Role, Severity } from "../alerts/model.ts";
import { CLEAR_SUFFIXES } from "../alerts/model.ts";
import type { MappingSnapshot } from "../alerts/mappings.ts";

/**
 * Turns one connector type's raw events into {@link NormalizedAlert}s, reading the
 * host-supplied mapping snapshot (severity, category, enabled, clear). Subclasses
 * implement {@link BaseNormalizer.normalize}; the helpers here keep every addon's
 * mapping semantics identical.
 *
 * @example
 * class PrtgNormalizer extends BaseNormalizer {
 *   override readonly defaultCategory = "network";
 *   normalize(raw: RawEvent) {
 *     if (!this.isEventEnabled(raw.alert_type)) return null;
 *     return this.build(raw, { title: `${raw.device_name}: ${raw.alert_type}` });
 *   }
 * }
 */
export abstract class BaseNormalizer {
  /** Category used when the mapping has no row for an alert type. */
  readonly defaultCategory: Category = "unknown";
  /** Severity used for a problem when the mapping has no row for its alert type. */
  readonly defaultSeverity: Severity = "warning";
  readonly mappings: MappingSnapshot;

  constructor(mappings: MappingSnapshot) {
    this.mappings = mappings;
  }

  /** The connector type this normalizer serves (the addon id), from the mapping snapshot. */
  get connectorType(): string {
    return this.mappings.connector_type;
  }

  /**
   * Returns the alert for `raw`, or `null` when its event type is disabled.
   *
   * @example
   * normalize(raw) { return this.isEventEnabled(raw.alert_type) ? this.build(raw) : null; }
   */
  abstract normalize(raw: RawEvent): NormalizedAlert | null;

  /**
   * False when an admin (or the seed) disabled this alert type.
   *
   * @example
   * if (!this.isEventEnabled("sensor_paused")) return null;
   */
  isEventEnabled(alertType: string): boolean {
    return this.mappings.severity[alertType]?.enabled !== false;
  }

  /**
   * The mapped severity of an alert type; `clear` for clear events, the
   * normalizer's `defaultSeverity` when unmapped.
   *
   * @example
   * this.severityOf("sensor_down"); // "critical" with the PRTG seed
   */
  severityOf(alertType: string): Severity {
    const row = this.mappings.severity[alertType];
    if (row) return row.severity;
    return this.isClearEvent(alertType) ? "clear" : this.defaultSeverity;
  }

  /**
   * The mapped category of an alert type, else the snapshot's default, else `defaultCategory`.
   *
   * @example
   * this.categoryOf("on_battery"); // "power"
   */
  categoryOf(alertType: string): Category {
    return this.mappings.category[alertType] ?? this.mappings.default_category ?? this.defaultCategory;
  }

  /**
   * True when the mapping marks the type as a clear, or its name ends in one of
   * the standard clear suffixes (`_restored _up _online _ok _normal _cleared _clear`).
   *
   * @example
   * this.isClearEvent("link_up"); // true
   */
  isClearEvent(alertType: string): boolean {
    const row = this.mappings.severity[alertType];
    if (row?.clear !== undefined) return row.clear;
    if (row?.severity === "clear") return true;
    return isClearAlertType(alertType);
  }

  /**
   * The role of an event: `clear` for clears, `notice` for `info` events, else `problem`.
   *
   * @example
   * this.roleOf("cold_start"); // "notice" when mapped to info
   */
  roleOf(alertType: string): Role {
    if (this.isClearEvent(alertType)) return "clear";
    return this.severityOf(alertType) === "info" ? "notice" : "problem";
  }

  /**
   * Builds a NormalizedAlert from a raw event with the mapped role, severity and
   * category; `overrides` replace any field (a custom title, a computed severity).
   *
   * @example
   * return this.build(raw, { title: `${raw.device_name} is on battery` });
   */
  build(raw: RawEvent, overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
    const role = this.roleOf(raw.alert_type);
    const alert: NormalizedAlert = {
      connector_type: this.connectorType,
      alert_type: raw.alert_type,
      role,
      severity: role === "clear" ? "clear" : this.severityOf(raw.alert_type),
      category: this.categoryOf(raw.alert_type),
      device_ip: raw.device_ip,
      device_name: raw.device_name,
      title: overrides.title ?? `${raw.device_name || raw.device_ip}: ${humanize(raw.alert_type)}`,
      message: raw.message ?? "",
      timestamp: raw.timestamp,
      metrics: raw.metrics,
      raw: raw as Record<string, unknown>,
    };
    if (raw.resource !== undefined) alert.resource = raw.resource;
    if (raw.target !== undefined) alert.target = raw.target;
    return { ...alert, ...overrides };
  }
}

/** True when `alertType` ends in a standard clear suffix. */
export function isClearAlertType(alertType: string): boolean {
  return CLEAR_SUFFIXES.some((suffix) => alertType.endsWith(suffix));
}

/**
 * The part of an alert type that a problem and its clear share, used in the
 * fingerprint: `link_up` and `link_down` both have base `link`, `high_cpu_normal`
 * and `high_cpu` both `high_cpu`. A clear whose name does not pair by suffix names
 * its problem type in the mapping (`clears`), and takes that type's base.
 */
export function alertTypeBase(alertType: string, mappings?: MappingSnapshot): string {
  const clears = mappings?.severity[alertType]?.clears;
  if (clears) return alertTypeBase(clears);
  // A clear may name its problem in full (`ups_alarm_cleared`, `link_down_cleared`): strip the
  // clear suffix, then the problem suffix, so both sides reach the same base.
  return stripSuffix(stripSuffix(alertType, CLEAR_SUFFIXES), PROBLEM_SUFFIXES);
}

function stripSuffix(alertType: string, suffixes: readonly string[]): string {
  for (const suffix of suffixes) {
    if (alertType.endsWith(suffix) && alertType.length > suffix.length) return alertType.slice(0, -suffix.length);
  }
  return alertType;
}

/** Problem-side counterparts of the clear suffixes, stripped for the fingerprint base. */
export const PROBLEM_SUFFIXES = ["_down", "_offline", "_failed", "_fail", "_alarm", "_abnormal", "_raised", "_lost"] as const;

function humanize(alertType: string): string {
  return alertType.replace(/_/g, " ");
}
