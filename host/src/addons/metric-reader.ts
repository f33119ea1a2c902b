import type { Target } from "@opsconductor/sdk";
import { createBroker, SqliteConnectorStateStore } from "../broker/index.ts";
import type { MetricReader, MetricReading, PollingConfig } from "../connectors/metrics-poll.ts";
import { configSchemaInfo, targetsOf } from "../connectors-api/config-schema.ts";
import { getConnectorRow } from "../connectors-api/connector-records.ts";
import { hostError } from "../errors.ts";
import type { SecretVault } from "../secrets/vault.ts";
import type { Db } from "../store/database.ts";
import type { Clock } from "../util/clock.ts";
import { getInstalledAddon } from "./installed-addons.ts";

const METRIC_LIMITS = { timeoutMs: 10_000, maxResponseBytes: 1024 * 1024, callsPerOperation: 1 };

/**
 * metrics.poll over SNMP: one GET of the config's OIDs from its device, through a short-lived
 * capability broker holding the SNMP credentials of the device's connector (the polling
 * config's `connector_id`, else the device's). The connector's addon must use SNMP; any
 * other device fails with METRICS_SOURCE_UNSUPPORTED.
 */
export class SnmpMetricReader implements MetricReader {
  readonly #db: Db;
  readonly #vault: SecretVault;
  readonly #clock: Clock;

  constructor(deps: { db: Db; vault: SecretVault; clock: Clock }) {
    this.#db = deps.db;
    this.#vault = deps.vault;
    this.#clock = deps.clock;
  }

  async read(polling: PollingConfig, _signal: AbortSignal): Promise<MetricReading[]> {
    const device = polling.device_id === null ? undefined
      : this.#db.prepare("SELECT name, ip, connector_id FROM devices WHERE id = ?").get(polling.device_id) as
        { name: string; ip: string | null; connector_id: string | null } | undefined;
    if (!device?.ip) throw unsupported(`polling config ${polling.id} names no device with an IP address`);
    const connectorId = polling.connector_id ?? device.connector_id;
    const connector = connectorId ? getConnectorRow(this.#db, connectorId) : undefined;
    const addon = connector && getInstalledAddon(this.#db, connector.addon_id);
    if (!connector || !addon) throw unsupported(`device ${device.name} has no connector to take SNMP credentials from`);
    if (!addon.manifest.permissions.includes("snmp")) {
      throw unsupported(`device ${device.name} comes from ${addon.id}, which does not speak SNMP; metric polling is SNMP only`);
    }
    const config = JSON.parse(connector.config_json) as Record<string, unknown>;
    const own = targetsOf(configSchemaInfo(addon.manifest), config).find((target) => target.host === device.ip);
    const target: Target = { ...own, id: "device", host: device.ip, name: device.name };
    const broker = createBroker({
      instanceId: connector.id, addonId: addon.id, permissions: ["snmp"], targets: [target], config,
      secrets: connector.secrets_enc ? this.#vault.decryptJson(connector.secrets_enc) : {},
      stateStore: new SqliteConnectorStateStore(this.#db), limits: METRIC_LIMITS, clock: this.#clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    // A broker of its own, made for this one read: it allows one operation's calls from the start.
    try {
      const varbinds = await broker.capabilities.snmp.get("device", polling.oids.map((entry) => entry.oid));
      const byOid = new Map(varbinds.map((varbind) => [varbind.oid, varbind.value]));
      return polling.oids.map((entry) => ({ metric: entry.metric, value: numeric(byOid.get(entry.oid)) }));
    } finally {
      await broker.close();
    }
  }
}

function numeric(value: unknown): number | null {
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : null;
}

function unsupported(message: string) {
  return hostError("METRICS_SOURCE_UNSUPPORTED", message);
}
