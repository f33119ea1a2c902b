import { BaseNormalizer, SEVERITIES, type NormalizedAlert, type RawEvent, type Severity } from "@opsconductor/sdk";

const interfaceOf = (raw: RawEvent) => String(raw.metrics.interface ?? raw.resource ?? "an interface");
const TITLES: Record<string, (raw: RawEvent) => string> = {
  link_down: (raw) => `link down on ${interfaceOf(raw)}`,
  link_up: (raw) => `link up on ${interfaceOf(raw)}`,
  cold_start: () => "restarted (cold start)",
  warm_start: () => "agent restarted (warm start)",
  authentication_failure: () => "SNMP authentication failure",
  on_battery: () => "UPS on battery",
  utility_power_restored: () => "UPS utility power restored",
  low_battery: () => "UPS battery low",
  return_from_low_battery: () => "UPS battery no longer low",
  ups_alarm: (raw) => `UPS alarm ${raw.metrics.alarm}`,
  ups_alarm_cleared: (raw) => `UPS alarm ${raw.metrics.alarm} cleared`,
  snmp_trap: (raw) => `trap ${raw.metrics.trap_oid}`,
};

/**
 * Trap events → alerts: severity, category and clears from the mapping snapshot (info types
 * such as cold_start and unknown traps are notices). An `ups_alarm` without a mapping row
 * takes its alarm's severity (metrics.alarm_severity).
 */
export class SnmpTrapsNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const what = TITLES[raw.alert_type]?.(raw) ?? raw.alert_type.replaceAll("_", " ");
    const title = `${raw.device_name || raw.device_ip}: ${what}`;
    const alarmSeverity = SEVERITIES.find((severity: Severity) => severity === raw.metrics.alarm_severity && severity !== "clear");
    if (raw.alert_type === "ups_alarm" && !this.mappings.severity.ups_alarm && alarmSeverity) {
      return this.build(raw, { title, severity: alarmSeverity });
    }
    return this.build(raw, { title });
  }
}
