import { hostError } from "../errors.ts";
import { untilAborted } from "../scheduler/abort.ts";
import type { JobKind, JobRecord, JsonObject } from "../scheduler/types.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";

/** A `polling_configs` row: which OIDs of which device to sample, under which metric names. */
export interface PollingConfig {
  id: number;
  device_id: number | null;
  connector_id: string | null;
  name: string;
  oids: Array<{ oid: string; metric: string }>;
  interval_s: number;
  enabled: boolean;
}

export interface MetricReading {
  metric: string;
  /** null: the device answered without a usable value (noSuchInstance, a string). */
  value: number | null;
}

/**
 * Reads one polling config's metrics from its device (SNMP GET through the capability broker).
 * Rejects with an OcError when the device cannot be read.
 */
export interface MetricReader {
  read(config: PollingConfig, signal: AbortSignal): Promise<MetricReading[]>;
}

export interface MetricsPollDeps {
  db: Db;
  clock: Clock;
  metrics: MetricReader;
}

/** The payload of a metrics.poll job. */
export interface MetricsPollPayload extends JsonObject {
  polling_config_id: number;
}

export function loadPollingConfig(db: Db, id: number): PollingConfig | undefined {
  const row = db.prepare("SELECT id, device_id, connector_id, name, oids_json, interval_s, enabled FROM polling_configs WHERE id = ?").get(id) as
    (Omit<PollingConfig, "oids" | "enabled"> & { oids_json: string; enabled: number }) | undefined;
  if (!row) return undefined;
  const { oids_json, enabled, ...rest } = row;
  return { ...rest, oids: JSON.parse(oids_json) as PollingConfig["oids"], enabled: enabled === 1 };
}

/** metrics.poll: one job per enabled polling config; writes one metric_samples row per reading. */
export function metricsPollKind(deps: MetricsPollDeps): JobKind {
  return {
    name: "metrics.poll",
    description: "Samples a device's SNMP metrics into metric_samples",
    defaultIntervalS: 30,
    defaultTimeoutMs: 20_000,
    handler: (job, { signal }) => pollMetrics(deps, pollingConfigIdOf(job), signal),
  };
}

export async function pollMetrics(deps: MetricsPollDeps, pollingConfigId: number, signal: AbortSignal): Promise<JsonObject> {
  const config = loadPollingConfig(deps.db, pollingConfigId);
  if (!config) throw hostError("POLLING_CONFIG_NOT_FOUND", `polling config ${pollingConfigId} does not exist`, { pollingConfigId });
  if (!config.enabled) return { polling_config_id: pollingConfigId, skipped: "polling config disabled" };
  const readings = await untilAborted(deps.metrics.read(config, signal), signal);
  // A reading that came back after the deadline is dropped: the run is already recorded as a timeout.
  signal.throwIfAborted();
  const valid = readings.filter((reading) => typeof reading.metric === "string" && reading.metric !== "");
  const at = iso(deps.clock.now());
  const insert = deps.db.prepare("INSERT INTO metric_samples (device_id, metric, value, at) VALUES (?, ?, ?, ?)");
  deps.db.transaction(() => {
    for (const reading of valid) insert.run(config.device_id, reading.metric, Number.isFinite(reading.value) ? reading.value : null, at);
  })();
  return { polling_config_id: pollingConfigId, device_id: config.device_id, samples: valid.length, rejected: readings.length - valid.length };
}

function pollingConfigIdOf(job: JobRecord): number {
  const id = job.payload.polling_config_id;
  if (typeof id !== "number" || !Number.isInteger(id)) {
    throw hostError("VALIDATION_FAILED", `job ${job.key}: payload.polling_config_id must be a polling config id`, { key: job.key });
  }
  return id;
}
