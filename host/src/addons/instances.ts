import { OcError, toErrorData, type AddonCapability, type ErrorData, type Logger, type RawEvent, type Target } from "@opsconductor/sdk";
import type { AlertSink } from "../alerts/types.ts";
import { createBroker, SqliteConnectorStateStore, type Broker, type BrokerLimits, type BrokerPermission } from "../broker/index.ts";
import { configSchemaInfo, splitConfig, targetsOf, validateConfig } from "../connectors-api/config-schema.ts";
import { getConnectorRow, listConnectorRows, recordConnectorStartFailure, type ConnectorRow } from "../connectors-api/connector-records.ts";
import { hostError } from "../errors.ts";
import { loadMappingSnapshot } from "../mappings/snapshot.ts";
import type { SecretVault } from "../secrets/vault.ts";
import type { Db } from "../store/database.ts";
import { trapCredentialsOf, type TrapCredentials } from "../traps/trap-credentials.ts";
import { iso, type Clock } from "../util/clock.ts";
import type { LoadedVersion } from "./runtime-pool.ts";

/** One connector instance running in its addon's runtime, with the broker that holds its secrets. */
export interface RunningInstance {
  connectorId: string;
  /** The runtime's instance id: new at every (re)start, so a replacement can start beside the old one. */
  instanceId: string;
  loaded: LoadedVersion;
  broker: Broker;
  targets: readonly Target[];
  capabilities: readonly AddonCapability[];
  pollIntervalS: number;
  /** Present for addons with the `traps` capability. */
  trapCredentials: TrapCredentials | null;
}

interface Entry extends RunningInstance {
  inFlight: number;
  drained: Array<() => void>;
}

export interface InstancesDeps {
  db: Db;
  vault: SecretVault;
  clock: Clock;
  alerts: AlertSink;
  log: (line: string) => void;
  brokerLimits?: Partial<BrokerLimits>;
  /** How long a replaced instance may finish its calls before it is disposed (default 10 s). */
  drainMs?: number;
}

const DEFAULT_BROKER_LIMITS: BrokerLimits = { timeoutMs: 15_000, maxResponseBytes: 8 * 1024 * 1024, callsPerOperation: 200 };

/**
 * The connector instances that run now, by connector id. Each start builds a fresh broker
 * (non-secret config and targets for the sandbox, decrypted secrets for the broker only)
 * and runtime instance; a restart (new config, upgrade, rollback) starts the new instance
 * first and then retires the old one once its calls in flight are done.
 */
export class ConnectorInstances {
  readonly #deps: InstancesDeps;
  readonly #entries = new Map<string, Entry>();
  // Why an enabled connector is not running, until it starts or is stopped: what its polls report.
  readonly #startFailures = new Map<string, ErrorData>();
  readonly #listeners = new Set<() => void>();
  #generation = 0;

  constructor(deps: InstancesDeps) {
    this.#deps = deps;
  }

  /**
   * (Re)starts a connector on `loaded`; a disabled connector is only stopped. A failure to
   * start is recorded on the connector row (status 'failing' with the code) and rethrown.
   */
  async start(connectorId: string, loaded: LoadedVersion): Promise<void> {
    const row = getConnectorRow(this.#deps.db, connectorId);
    if (!row || row.enabled !== 1 || row.addon_id !== loaded.ref.id) {
      await this.stop(connectorId);
      return;
    }
    let entry: Entry;
    try {
      entry = await this.#create(row, loaded);
    } catch (error) {
      await this.stop(connectorId);
      const failure = toErrorData(error, "ADDON_START_FAILED");
      this.#startFailures.set(connectorId, failure);
      recordConnectorStartFailure(this.#deps.db, connectorId, failure, iso(this.#deps.clock.now()));
      throw error;
    }
    this.#startFailures.delete(connectorId);
    const old = this.#entries.get(connectorId);
    this.#entries.set(connectorId, entry);
    this.#changed();
    if (old) await this.#retire(old);
  }

  /**
   * Starts every enabled connector of the addon on `loaded` (moving them from another
   * version); returns (and logs) the ones that did not start, each with its reason.
   */
  async startAll(loaded: LoadedVersion): Promise<Array<{ connectorId: string } & ErrorData>> {
    const failures: Array<{ connectorId: string } & ErrorData> = [];
    for (const row of listConnectorRows(this.#deps.db, { addonId: loaded.ref.id })) {
      if (row.enabled !== 1) {
        await this.stop(row.id);
        continue;
      }
      try {
        await this.start(row.id, loaded);
      } catch (error) {
        const { code, message } = toErrorData(error);
        failures.push({ connectorId: row.id, code, message });
        this.#deps.log(`addons: connector ${row.id} (${loaded.ref.id}) did not start: ${code}: ${message}`);
      }
    }
    return failures;
  }

  async stop(connectorId: string): Promise<void> {
    this.#startFailures.delete(connectorId);
    const entry = this.#entries.get(connectorId);
    if (!entry) return;
    this.#entries.delete(connectorId);
    this.#changed();
    await this.#retire(entry);
  }

  async stopAddon(addonId: string): Promise<void> {
    for (const entry of [...this.#entries.values()]) if (entry.loaded.ref.id === addonId) await this.stop(entry.connectorId);
  }

  get(connectorId: string): RunningInstance | undefined {
    return this.#entries.get(connectorId);
  }

  /**
   * Pushed alerts (a webhook delivery, traps, ctx.emit) are stored only while their connector
   * runs: one stopped while they were in its sandbox — deleted, with its alerts resolved, or
   * disabled — gets none (CONNECTOR_NOT_RUNNING), as a delivery arriving a moment later would.
   * An upgrade in between leaves it running, on the new version. Call right before the ingest.
   */
  assertStillRunning(connectorId: string, what: string): void {
    if (this.#entries.has(connectorId)) return;
    throw hostError("CONNECTOR_NOT_RUNNING", `connector ${connectorId} was stopped (disabled or deleted) while ${what} was in its sandbox: nothing stored`, { connectorId });
  }

  list(): RunningInstance[] {
    return [...this.#entries.values()];
  }

  /**
   * Runs an operation of the connector's addon — a poll, a connection test, a device sync or lookup, a
   * pushed delivery — with a fresh network call budget in its broker (see {@link use}).
   */
  operate<T>(connectorId: string, work: (running: RunningInstance) => Promise<T>): Promise<T> {
    return this.use(connectorId, async (running) => {
      const end = running.broker.beginOperation();
      try {
        return await work(running);
      } finally {
        end();
      }
    });
  }

  /** Runs `work` on the connector's current instance, counted so that a replacement waits for it. */
  async use<T>(connectorId: string, work: (running: RunningInstance) => Promise<T>): Promise<T> {
    const entry = this.#entries.get(connectorId);
    if (!entry) {
      const failure = this.#startFailures.get(connectorId);
      if (failure) throw new OcError(failure.code, `connector ${connectorId} did not start: ${failure.message}`, { connectorId });
      throw hostError("CONNECTOR_NOT_RUNNING", `connector ${connectorId} is not running (it, or its addon, is disabled, refused or failed to start)`, { connectorId });
    }
    entry.inFlight += 1;
    try {
      return await work(entry);
    } finally {
      entry.inFlight -= 1;
      if (entry.inFlight === 0) for (const resolve of entry.drained.splice(0)) resolve();
    }
  }

  /** Hands new mapping rows to the normalizers (after an admin edit or a seed). */
  async refreshMappings(connectorType?: string): Promise<void> {
    for (const entry of this.#entries.values()) {
      if (connectorType !== undefined && entry.loaded.ref.id !== connectorType) continue;
      try {
        await entry.loaded.runtime.updateMappings(entry.instanceId, loadMappingSnapshot(this.#deps.db, entry.loaded.ref.id));
      } catch (error) {
        const { code, message } = toErrorData(error);
        this.#deps.log(`addons: connector ${entry.connectorId} did not take the new mappings: ${code}: ${message}`);
      }
    }
  }

  /** Called after every start and stop (the trap router rebuilds its address table). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const connectorId of [...this.#entries.keys()]) await this.stop(connectorId);
  }

  async #create(row: ConnectorRow, loaded: LoadedVersion): Promise<Entry> {
    const { db, clock } = this.#deps;
    const info = configSchemaInfo(loaded.manifest);
    const { config, secrets } = this.#checkedConfig(row, loaded, info);
    const targets = targetsOf(info, config);
    const capabilities = loaded.manifest.capabilities;
    const instanceId = `${row.id}#${++this.#generation}`;
    const pushes = capabilities.includes("webhooks") || capabilities.includes("traps");
    const broker = createBroker({
      instanceId: row.id, addonId: loaded.ref.id, permissions: loaded.manifest.permissions as BrokerPermission[],
      targets, config, secrets, stateStore: new SqliteConnectorStateStore(db), clock,
      limits: { ...DEFAULT_BROKER_LIMITS, ...this.#deps.brokerLimits },
      logger: this.#logger(row.id, loaded.ref.id),
      ...(pushes && { emit: (events: RawEvent[]) => this.#ingestEmitted(row.id, events) }),
    });
    try {
      await loaded.runtime.createInstance(instanceId, {
        addon: loaded.ref, config, targets, mappings: loadMappingSnapshot(db, loaded.ref.id), capabilities: broker.capabilities,
      });
    } catch (error) {
      await broker.close();
      throw error;
    }
    return {
      connectorId: row.id, instanceId, loaded, broker, targets, capabilities, pollIntervalS: row.poll_interval_s,
      trapCredentials: capabilities.includes("traps") ? trapCredentialsOf(config, secrets) : null,
      inFlight: 0, drained: [],
    };
  }

  /**
   * The stored config, checked against the config_schema of the version it starts on: an
   * upgrade may add required fields or tighten a rule (its new defaults are applied here).
   * A config that no longer fits is CONNECTOR_CONFIG_INVALID, and the connector waits for
   * an admin to edit it rather than running the addon on input it does not expect.
   */
  #checkedConfig(row: ConnectorRow, loaded: LoadedVersion, info: ReturnType<typeof configSchemaInfo>) {
    const stored = JSON.parse(row.config_json) as Record<string, unknown>;
    const full = { ...stored, ...(row.secrets_enc ? this.#deps.vault.decryptJson(row.secrets_enc) : {}) };
    try {
      validateConfig(loaded.manifest, full);
    } catch (error) {
      const { code, message, details } = toErrorData(error);
      throw new OcError(code, `${message} (for ${loaded.ref.id} ${loaded.ref.version}); edit the connector to fix it`, details);
    }
    return splitConfig(info, full);
  }

  /** ctx.emit: pushed raw events go through the instance's normalizer into the AlertManager. */
  async #ingestEmitted(connectorId: string, events: RawEvent[]): Promise<void> {
    const alerts = await this.use(connectorId, (running) => running.loaded.runtime.normalize(running.instanceId, events));
    this.assertStillRunning(connectorId, "its emitted events");
    this.#deps.alerts.ingest(connectorId, alerts);
  }

  async #retire(entry: Entry): Promise<void> {
    if (entry.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => entry.drained.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#deps.drainMs ?? 10_000))),
      ]);
      clearTimeout(timer);
    }
    await entry.loaded.runtime.disposeInstance(entry.instanceId).catch(() => {});
    await entry.broker.close();
  }

  #logger(connectorId: string, addonId: string): Logger {
    const line = (level: string) => (message: string, fields?: Record<string, unknown>) => {
      this.#deps.log(`addon ${addonId} [${connectorId}] ${level}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
    };
    return { debug: () => {}, info: line("info"), warn: line("warn"), error: line("error") };
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
