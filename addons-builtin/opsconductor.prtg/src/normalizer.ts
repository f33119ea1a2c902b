import { BaseNormalizer, type NormalizedAlert, type RawEvent } from "@opsconductor/sdk";
import { textOf } from "./values.ts";

/**
 * Severity, category and enabled come from the mapping rows (seed/mappings.json, editable by
 * admins). The title names the sensor and PRTG's own word for its state; the seeded
 * `alert_type_templates` say the same, so the host's rendering and this one agree.
 */
export class PrtgNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const sensor = textOf(raw.metrics.sensor) ?? raw.resource ?? "a sensor";
    const status = textOf(raw.metrics.status) ?? raw.alert_type.replace(/^sensor_/, "").replaceAll("_", " ");
    return this.build(raw, { title: `${raw.device_name}: ${sensor} is ${status}` });
  }
}
