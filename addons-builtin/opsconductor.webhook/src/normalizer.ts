import { BaseNormalizer, type NormalizedAlert, type RawEvent } from "@opsconductor/sdk";
import { severityFromSource } from "./severity.ts";

/**
 * A mapping row for the alert type wins (admins tune types there); otherwise the sender's
 * own severity decides: `clear`/`ok`/`resolved` resolve, `info` is a notice, the rest are
 * problems at that severity; with neither, the base rules apply (warning, clear by suffix).
 */
export class WebhookNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "application" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const what = raw.alert_type.replaceAll("_", " ");
    const title = raw.resource ? `${raw.device_name}: ${what} (${raw.resource})` : `${raw.device_name}: ${what}`;
    const source = severityFromSource(raw.metrics.source_severity);
    if (this.mappings.severity[raw.alert_type] || source === undefined) return this.build(raw, { title });
    if (source === "clear") return this.build(raw, { title, role: "clear", severity: "clear" });
    const role = this.isClearEvent(raw.alert_type) ? "clear" : source === "info" ? "notice" : "problem";
    return this.build(raw, { title, role, severity: role === "clear" ? "clear" : source });
  }
}
