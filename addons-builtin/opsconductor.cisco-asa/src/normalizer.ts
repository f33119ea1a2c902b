import { BaseNormalizer, type NormalizedAlert, type RawEvent } from "@opsconductor/sdk";

/** Edge events (a failover happened): history entries, never open problems, whatever their severity. */
const EVENT_TYPES = new Set(["failover_active", "failover_standby"]);

const TITLES: Record<string, (raw: RawEvent) => string> = {
  interface_down: (raw) => `interface ${raw.resource} down`,
  interface_up: (raw) => `interface ${raw.resource} up`,
  vpn_tunnel_down: (raw) => `VPN tunnel to ${raw.resource} down`,
  vpn_tunnel_up: (raw) => `VPN tunnel to ${raw.resource} up`,
  high_cpu: (raw) => `CPU ${raw.metrics.cpu_5m}% (5 min)`,
  high_cpu_normal: (raw) => `CPU back to ${raw.metrics.cpu_5m}% (5 min)`,
  high_memory: (raw) => `memory ${raw.metrics.memory_used_percent}% used`,
  high_memory_normal: (raw) => `memory back to ${raw.metrics.memory_used_percent}% used`,
  failover_active: () => "failover: this unit became active",
  failover_standby: () => "failover: this unit became standby",
  failover_degraded: () => "failover pair degraded",
  failover_restored: () => "failover pair restored",
  failover_off: () => "failover is off",
  failover_on: () => "failover is on",
};

/**
 * ASA events → alerts: severity, category and clears from the mapping snapshot (seeded from
 * seed/mappings.json); role changes of the failover pair are notices.
 */
export class AsaNormalizer extends BaseNormalizer {
  override readonly defaultCategory = "network" as const;

  normalize(raw: RawEvent): NormalizedAlert | null {
    if (!this.isEventEnabled(raw.alert_type)) return null;
    const what = TITLES[raw.alert_type]?.(raw) ?? raw.alert_type.replaceAll("_", " ");
    const title = `${raw.device_name || raw.device_ip}: ${what}`;
    return EVENT_TYPES.has(raw.alert_type) ? this.build(raw, { title, role: "notice" }) : this.build(raw, { title });
  }
}
