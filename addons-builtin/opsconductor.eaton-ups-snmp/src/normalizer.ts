import { BaseNormalizer, SEVERITIES, type NormalizedAlert, type RawEvent, type Severity } from "@opsconductor/sdk";

const TITLES: Record<string, (raw: RawEvent) => string> = {
  on_battery: (raw) => `on battery (${raw.metrics.minutes_remaining ?? "?"} min remaining)`,
  on_utility: () => "back on utility power",
  low_battery: (raw) => `battery low (${raw.metrics.charge_percent ?? "?"}%, ${raw.metrics.minutes_remaining ?? "?"} min)`,
  low_battery_cleared: () => "battery no longer low",
  battery_fault: () => "battery fault",
  battery_fault_cleared: () => "battery fault cleared",
  overload: (raw) => `output overload (${raw.metrics.load_percent ?? "?"}%)`,
  overload_cleared: (raw) => `output load back to ${raw.metrics.load_percent ?? "?"}%`,
  high_temperature: (raw) => `${raw.resource} temperature ${raw.metrics.temperature_c} °C`,
  high_temperature_cleared: (raw) => `${raw.resource} temperature back to ${raw.metrics.temperature_c} °C`,
  ups_alarm: (raw) => `UPS alarm ${raw.metrics.alarm}`,
};

/**
 * UPS events → alerts. Severity, category and clears come from the mapping snapshot (seeded
 * from seed/mappings.json); an `ups_alarm` without a mapping row takes the severity the
 * alarm catalogue gives its OID (metrics.alarm_severity), so a fan failure and an imminent
 * shutdown are not alike. An admin's row for `ups_alarm` overrides that.
 */
export class EatonUpsNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "power" as const;
  override readonly defaultSeverity = "major" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const what = TITLES[raw.alert_type]?.(raw) ?? raw.alert_type.replaceAll("_", " ");
    const title = `${raw.device_name || raw.device_ip}: ${what}`;
    const alarmSeverity = severityOf(raw.metrics.alarm_severity);
    if (raw.alert_type === "ups_alarm" && !this.mappings.severity.ups_alarm && alarmSeverity) {
      return this.build(raw, { title, severity: alarmSeverity });
    }
    return this.build(raw, { title });
  }
}

function severityOf(value: unknown): Severity | undefined {
  return SEVERITIES.find((severity) => severity === value && severity !== "clear");
}
