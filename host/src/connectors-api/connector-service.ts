import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { MIN_POLL_INTERVAL_S, type ConnectionTestResult, type Manifest } from "@opsconductor/sdk";
import type { AddonManager } from "../addons/manager.ts";
import type { ConnectorInstances } from "../addons/instances.ts";
import type { AddonScheduler } from "../addons/schedules.ts";
import { SYSTEM_ACTOR } from "../alerts/batch.ts";
import { getConnectorCounters, type ConnectorCounters } from "../alerts/queries.ts";
import type { AlertSink } from "../alerts/types.ts";
import { connectorPollKey } from "../connectors/connector-jobs.ts";
import { hostError } from "../errors.ts";
import type { RunRecord } from "../scheduler/types.ts";
import type { SecretVault } from "../secrets/vault.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { createWebhookToken } from "../webhooks/webhook-token.ts";
import { toConnectorRecord, type ConnectorRecord } from "./connector-record.ts";
import {
  deleteConnectorRow, getConnectorRow, insertConnectorRow, listConnectorRows, setWebhookTokenHash, updateConnectorRow,
  type ConnectorRow, type ConnectorWrite,
} from "./connector-records.ts";
import { checkTargetHosts, configSchemaInfo, splitConfig, validateConfig } from "./config-schema.ts";
import type { DeliveryGate } from "../webhooks/delivery-gate.ts";
import type { CreateConnectorBody, UpdateConnectorBody } from "./schemas.ts";

export interface ConnectorServiceDeps {
  db: Db;
  clock: Clock;
  vault: SecretVault;
  addons: AddonManager;
  instances: ConnectorInstances;
  scheduler: () => AddonScheduler | undefined;
  /** Resolves a deleted instance's open alerts. */
  alerts: Pick<AlertSink, "resolveInstance">;
  /** The webhook deliveries in progress and refused per instance (the receiver's gate); none when absent. */
  webhookLoad?: Pick<DeliveryGate, "load" | "forget">;
}

const DEFAULT_POLL_INTERVAL_S = 60;
const TEST_DEADLINE_MS = 30_000;

/**
 * Connector instances (DESIGN §6): CRUD with the config validated against the addon's
 * config_schema, sensitive fields encrypted at rest and never returned, and every change
 * applied at once — the runtime instance is re-created and the poll jobs re-synced. Writes
 * run between the addon lifecycle's operations (AddonManager.serialized), never inside one.
 */
export class ConnectorService {
  readonly #deps: ConnectorServiceDeps;

  constructor(deps: ConnectorServiceDeps) {
    this.#deps = deps;
  }

  list(filter: { addon_id?: string } = {}): ConnectorRecord[] {
    // One query for every instance's counters, not one per row.
    const counters = new Map(getConnectorCounters(this.#deps.db).map((row) => [row.connector_id, row]));
    return listConnectorRows(this.#deps.db, { addonId: filter.addon_id }).map((row) => this.#record(row, counters.get(row.id)));
  }

  get(id: string): ConnectorRecord {
    return this.#record(this.#row(id), getConnectorCounters(this.#deps.db, id));
  }

  /** Creates an instance; an addon with the `webhooks` capability also gets its token, returned only here. */
  create(body: CreateConnectorBody): Promise<{ connector: ConnectorRecord; webhook_token?: string }> {
    return this.#deps.addons.serialized(() => this.#create(body));
  }

  update(id: string, body: UpdateConnectorBody): Promise<ConnectorRecord> {
    return this.#deps.addons.serialized(() => this.#update(id, body));
  }

  /**
   * Deletes an instance. Its row and poll job go first, so a poll in flight is aborted (its answer
   * never stored) rather than waited for; then its runtime instance stops, and its open alerts,
   * which nothing would clear any more, are resolved by `actor`.
   */
  remove(id: string, actor = SYSTEM_ACTOR): Promise<{ id: string; deleted: true; resolved_alerts: number }> {
    return this.#deps.addons.serialized(async () => {
      this.#row(id);
      deleteConnectorRow(this.#deps.db, id);
      this.#deps.addons.syncJobs();
      await this.#deps.instances.stop(id);
      this.#deps.webhookLoad?.forget(id);
      const resolved = this.#deps.alerts.resolveInstance(id, actor, "connector deleted");
      return { id, deleted: true, resolved_alerts: resolved };
    });
  }

  async #create(body: CreateConnectorBody): Promise<{ connector: ConnectorRecord; webhook_token?: string }> {
    const manifest = this.#deps.addons.manifest(body.addon_id);
    const id = body.id ?? randomUUID();
    if (getConnectorRow(this.#deps.db, id)) throw hostError("CONNECTOR_EXISTS", `connector ${id} exists already`, { id });
    const full = { ...body.config };
    const write = this.#write(manifest, full, { name: body.name, enabled: body.enabled ?? true, pollIntervalS: body.poll_interval_s });
    const webhook = manifest.capabilities.includes("webhooks") ? createWebhookToken() : undefined;
    insertConnectorRow(this.#deps.db, id, body.addon_id, { ...write, webhookTokenHash: webhook?.hash ?? null }, this.#now());
    await this.#apply(id, body.addon_id);
    const connector = this.get(id);
    return webhook ? { connector, webhook_token: webhook.token } : { connector };
  }

  async #update(id: string, body: UpdateConnectorBody): Promise<ConnectorRecord> {
    const row = this.#row(id);
    const manifest = this.#deps.addons.manifest(row.addon_id);
    const info = configSchemaInfo(manifest);
    const stored = { ...(JSON.parse(row.config_json) as Record<string, unknown>), ...this.#secretsOf(row) };
    const full = body.config === undefined ? stored : mergeConfig(info.sensitive, stored, body.config);
    // The UI sends the whole config with every edit: only a config that differs starts the connector over.
    const configChanged = body.config !== undefined && !isDeepStrictEqual(full, stored);
    // A new value in the config's poll-interval field reschedules the poll, as it does at create.
    const configInterval = info.pollInterval !== undefined && body.config?.[info.pollInterval] !== undefined;
    const write = this.#write(manifest, full, {
      name: body.name ?? row.name, enabled: body.enabled ?? row.enabled === 1,
      pollIntervalS: body.poll_interval_s ?? (configInterval ? undefined : row.poll_interval_s),
    });
    const startsOver = configChanged || write.enabled !== (row.enabled === 1);
    updateConnectorRow(this.#deps.db, id, write, this.#now(), startsOver);
    await this.#apply(id, row.addon_id);
    return this.get(id);
  }

  /** The addon's testConnection on the running instance. */
  test(id: string): Promise<ConnectionTestResult> {
    this.#row(id);
    return this.#deps.instances.operate(id, (running) => running.loaded.runtime.testConnection(running.instanceId, { deadlineMs: TEST_DEADLINE_MS }));
  }

  /** Runs the connector's poll job now; resolves with the finished run record. */
  pollNow(id: string): Promise<RunRecord> {
    this.#row(id);
    const scheduler = this.#deps.scheduler();
    if (!scheduler) throw hostError("SCHEDULER_UNAVAILABLE", "the scheduler is not running");
    const key = connectorPollKey(id);
    if (!scheduler.get(key)) {
      throw hostError("CONNECTOR_NOT_POLLABLE", `connector ${id} has no poll job: it or its addon is disabled, its addon is not loaded, or does not poll`, { id });
    }
    return scheduler.runNow(key);
  }

  /** Replaces the webhook token (the old one stops working at once); the new one is shown only here. */
  rotateWebhookToken(id: string): { id: string; webhook_token: string } {
    const row = this.#row(id);
    if (!this.#deps.addons.manifest(row.addon_id).capabilities.includes("webhooks")) {
      throw hostError("VALIDATION_FAILED", `${row.addon_id} does not receive webhooks`, { id });
    }
    const webhook = createWebhookToken();
    setWebhookTokenHash(this.#deps.db, id, webhook.hash, this.#now());
    return { id, webhook_token: webhook.token };
  }

  /** Validates the full config (defaults applied) and splits it into the stored non-secret JSON and the encrypted secrets. */
  #write(manifest: Manifest, given: Record<string, unknown>, fields: { name: string; enabled: boolean; pollIntervalS: number | undefined }): ConnectorWrite {
    const info = configSchemaInfo(manifest);
    // The config's poll-interval field and the connector's interval are one setting: a set
    // interval is written into the field (and checked by its schema); otherwise the field decides.
    const full = info.pollInterval && fields.pollIntervalS !== undefined ? { ...given, [info.pollInterval]: fields.pollIntervalS } : given;
    validateConfig(manifest, full);
    checkTargetHosts(manifest, full);
    const { config, secrets } = splitConfig(info, full);
    const fromConfig = info.pollInterval ? config[info.pollInterval] : undefined;
    const pollIntervalS = fields.pollIntervalS
      ?? (typeof fromConfig === "number" && fromConfig >= MIN_POLL_INTERVAL_S ? Math.floor(fromConfig) : undefined)
      ?? manifest.defaults.poll_interval_s ?? DEFAULT_POLL_INTERVAL_S;
    return {
      name: fields.name, enabled: fields.enabled, pollIntervalS, configJson: JSON.stringify(config),
      secretsEnc: Object.keys(secrets).length ? this.#deps.vault.encryptJson(secrets) : null,
    };
  }

  /** A changed connector takes effect now: its instance restarts (or stops) and the poll jobs follow. */
  async #apply(id: string, addonId: string): Promise<void> {
    const loaded = this.#deps.addons.loaded(addonId);
    if (loaded) {
      // A start failure is on the connector row (status 'failing' with its code): the write itself succeeded.
      await this.#deps.instances.start(id, loaded).catch(() => {});
    } else {
      await this.#deps.instances.stop(id);
    }
    this.#deps.addons.syncJobs();
  }

  #secretsOf(row: ConnectorRow): Record<string, unknown> {
    return row.secrets_enc ? this.#deps.vault.decryptJson(row.secrets_enc) : {};
  }

  #row(id: string): ConnectorRow {
    const row = getConnectorRow(this.#deps.db, id);
    if (!row) throw hostError("CONNECTOR_NOT_FOUND", `no connector ${id}`, { id });
    return row;
  }

  #record(row: ConnectorRow, counters: ConnectorCounters | undefined): ConnectorRecord {
    const manifest = this.#deps.addons.loaded(row.addon_id)?.manifest;
    const webhooks = manifest ? manifest.capabilities.includes("webhooks") : row.webhook_token_hash !== null;
    return toConnectorRecord(row, this.#deps.vault, {
      webhooks, running: this.#deps.instances.get(row.id) !== undefined, counters,
      webhookLoad: this.#deps.webhookLoad?.load(row.id) ?? { in_progress: 0, refused_busy: 0 },
    });
  }

  #now(): string {
    return iso(this.#deps.clock.now());
  }
}

/** PUT semantics: the body's config replaces the stored one, except that omitted sensitive fields keep their value and null clears them. */
export function mergeConfig(sensitive: readonly string[], stored: Record<string, unknown>, update: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(update)) if (value !== null) merged[name] = value;
  for (const name of sensitive) if (!(name in update) && stored[name] !== undefined) merged[name] = stored[name];
  return merged;
}
