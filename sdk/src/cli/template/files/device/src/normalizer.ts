import { BaseNormalizer, type NormalizedAlert, type RawEvent } from "@opsconductor/sdk";

/**
 * Turns this addon's raw events into alerts. Severity, category, enabled and
 * clear come from the mapping snapshot (seeded from seed/mappings.json, editable
 * by admins); `build` fills in the standard fields.
 */
export class TemplateAddonNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const what = raw.alert_type.replaceAll("_", " ");
    const title = raw.resource ? `${raw.device_name}: ${what} (${raw.resource})` : `${raw.device_name}: ${what}`;
    return this.build(raw, { title });
  }
}
