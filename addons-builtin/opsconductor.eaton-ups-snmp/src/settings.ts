/** Thresholds from ctx.config.thresholds, with the manifest's defaults. */
export interface UpsThresholds {
  low_runtime_minutes: number;
  low_charge_percent: number;
  load_percent: number;
  battery_temperature_c: number;
  ambient_temperature_c: number;
}

export const DEFAULT_THRESHOLDS: Readonly<UpsThresholds> = {
  low_runtime_minutes: 5, low_charge_percent: 20, load_percent: 90, battery_temperature_c: 40, ambient_temperature_c: 35,
};

export function thresholdsOf(config: Readonly<Record<string, unknown>>): UpsThresholds {
  const given = (config.thresholds ?? {}) as Record<string, unknown>;
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const key of Object.keys(thresholds) as Array<keyof UpsThresholds>) {
    const value = given[key];
    if (typeof value === "number" && Number.isFinite(value)) thresholds[key] = value;
  }
  return thresholds;
}
