import type { AlertSink } from "../alerts/types.ts";
import type { BrokerLimits } from "../broker/index.ts";
import { ConnectorService } from "../connectors-api/connector-service.ts";
import { recordFirstPush } from "../connectors/connector-status.ts";
import type { AddonLimits } from "../runtime/types.ts";
import { TaskTable } from "../scheduler/kinds/jobs-run.ts";
import type { SecretVault } from "../secrets/vault.ts";
import type { Db } from "../store/database.ts";
import { TrapService } from "../traps/trap-service.ts";
import type { Clock } from "../util/clock.ts";
import { DeliveryGate, type DeliveryGateLimits } from "../webhooks/delivery-gate.ts";
import { WebhookReceiver } from "../webhooks/webhook-receiver.ts";
import { installBuiltinAddons, type BuiltinAddons } from "./builtins.ts";
import { ConnectorInstances } from "./instances.ts";
import { AddonManager } from "./manager.ts";
import { SnmpMetricReader } from "./metric-reader.ts";
import { AddonPaths } from "./paths.ts";
import { AddonPollExecutor } from "./poll-executor.ts";
import { RuntimePool, type RuntimePoolOptions } from "./runtime-pool.ts";
import { AddonSchedules, type AddonScheduler } from "./schedules.ts";
import { TrustStore } from "./trust-store.ts";

export interface AddonPlatformOptions {
  db: Db;
  clock: Clock;
  alerts: AlertSink;
  vault: SecretVault;
  dataDir: string;
  /** Dev mode: unsigned addons install and load, with a warning on every listing. */
  dev: boolean;
  log: (line: string) => void;
  /** The SNMP trap listener; null: no listener (tests of other things). */
  traps: { host: string; port: number } | null;
  /** Signed built-in addons to install or upgrade at start; null: none. */
  builtins: BuiltinAddons | null;
  runtimeLimits?: AddonLimits;
  /** How long an install lets an addon's migrations run. */
  migrationTimeoutMs?: number;
  createRuntime?: RuntimePoolOptions["createRuntime"];
  brokerLimits?: Partial<BrokerLimits>;
  deliveryLimits?: Partial<DeliveryGateLimits>;
}

/**
 * The addon platform of one daemon, assembled: trust store, runtimes, connector instances,
 * the lifecycle manager, and what the rest of the host plugs in — the scheduler's poll
 * executor, metric reader and task table, the API's connector service, the webhook
 * receiver and the trap listener.
 */
export class AddonPlatform {
  readonly paths: AddonPaths;
  readonly trust: TrustStore;
  readonly tasks = new TaskTable();
  readonly instances: ConnectorInstances;
  readonly manager: AddonManager;
  readonly connectors: ConnectorService;
  readonly webhooks: WebhookReceiver;
  readonly polls: AddonPollExecutor;
  readonly metrics: SnmpMetricReader;
  readonly traps: TrapService | null;
  readonly #options: AddonPlatformOptions;
  #scheduler: AddonScheduler | undefined;

  constructor(options: AddonPlatformOptions) {
    const { db, clock, alerts, vault, log } = options;
    this.#options = options;
    this.paths = new AddonPaths(options.dataDir);
    this.trust = new TrustStore(this.paths.trustFile);
    this.instances = new ConnectorInstances({ db, vault, clock, alerts, log, brokerLimits: options.brokerLimits });
    const runtimes = new RuntimePool({ limits: options.runtimeLimits, createRuntime: options.createRuntime });
    const schedules = new AddonSchedules({ db, clock, tasks: this.tasks, instances: this.instances });
    this.manager = new AddonManager({
      db, clock, paths: this.paths, policy: { trust: this.trust, dev: options.dev }, runtimes, instances: this.instances, schedules, alerts, log,
      migrationTimeoutMs: options.migrationTimeoutMs,
    });
    const deliveries = new DeliveryGate(options.deliveryLimits);
    this.connectors = new ConnectorService({
      db, clock, vault, addons: this.manager, instances: this.instances, scheduler: () => this.#scheduler, webhookLoad: deliveries, alerts,
    });
    this.webhooks = new WebhookReceiver({ db, clock, instances: this.instances, alerts, gate: deliveries });
    this.polls = new AddonPollExecutor(this.instances);
    this.metrics = new SnmpMetricReader({ db, vault, clock });
    this.traps = options.traps
      ? new TrapService({ instances: this.instances, alerts, log, onStored: (connectorId) => recordFirstPush(db, connectorId), ...options.traps })
      : null;
  }

  get dev(): boolean {
    return this.#options.dev;
  }

  /** Re-verifies and loads what is installed, installs or upgrades the built-ins, then listens for traps. */
  async start(scheduler: AddonScheduler | undefined): Promise<void> {
    this.#scheduler = scheduler;
    if (scheduler) this.manager.attachScheduler(scheduler);
    await this.manager.startup();
    if (this.#options.builtins) {
      const { db, log } = this.#options;
      await installBuiltinAddons({ db, trust: this.trust, manager: this.manager, log }, this.#options.builtins);
    }
    await this.traps?.start();
  }

  /** After a mapping edit: the AlertManager's cache and every normalizer get the new rows. */
  async mappingsChanged(): Promise<void> {
    this.#options.alerts.invalidateMappings();
    await this.instances.refreshMappings();
  }

  async close(): Promise<void> {
    await this.traps?.close();
    await this.manager.close();
  }
}
