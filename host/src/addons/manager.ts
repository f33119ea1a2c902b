import { parseSeedMappings, toErrorData, type ErrorData, type Manifest } from "@opsconductor/sdk";
import { type VerifiedPackage } from "@opsconductor/sdk/node";
import { SYSTEM_ACTOR } from "../alerts/batch.ts";
import type { AlertSink } from "../alerts/types.ts";
import { deleteConnectorsOf, disableConnectorsOf } from "../connectors-api/connector-records.ts";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { restrictToOwner } from "../util/private-files.ts";
import {
  deleteInstalledAddon, getInstalledAddon, listInstalledAddons, saveInstalledVersion, setAddonEnabled, setAddonStatus,
  type InstalledAddon,
} from "./installed-addons.ts";
import { AddonInstaller } from "./installer.ts";
import type { ConnectorInstances } from "./instances.ts";
import { toListing, type AddonListing } from "./listing.ts";
import type { AddonPaths } from "./paths.ts";
import { syncConnectorJobs } from "../connectors/connector-jobs.ts";
import type { LoadedVersion, RuntimePool } from "./runtime-pool.ts";
import { addonOwner, type AddonScheduler, type AddonSchedules } from "./schedules.ts";
import { applySeedMappings, removeSeedMappings } from "./seed-mappings.ts";
import { RemovedBuiltins } from "./removed-builtins.ts";
import { SerialQueue } from "./serial.ts";
import { verifyInstalledVersion, verifyUpload, type VerifyPolicy } from "./verification.ts";

export interface AddonManagerDeps {
  db: Db;
  clock: Clock;
  paths: AddonPaths;
  policy: VerifyPolicy;
  runtimes: RuntimePool;
  instances: ConnectorInstances;
  schedules: AddonSchedules;
  alerts: AlertSink;
  log: (line: string) => void;
  /** How long an install lets the addon's migrations run (default DEFAULT_MIGRATION_TIMEOUT_MS). */
  migrationTimeoutMs?: number;
}

export interface InstallOutcome {
  addon: AddonListing;
  /** Set when this replaced an installed version (upgrade, forced downgrade, repair). */
  replaced: string | null;
  warnings: string[];
}

/** What happens to an uninstalled addon's connector instances. */
export type ConnectorDisposition = "keep" | "remove";

/**
 * The addon lifecycle (DESIGN §4): install, upgrade, rollback, enable, disable and
 * uninstall at run time, and the re-verification of everything installed at start.
 * Disk and registry work is the installer's; this class keeps the runtime, the connector
 * instances and the scheduler's jobs in step with it. Operations run one at a time.
 */
export class AddonManager {
  readonly #deps: AddonManagerDeps;
  readonly #installer: AddonInstaller;
  /** Built-ins an admin uninstalled: the start leaves them out (see installBuiltinAddons). */
  readonly removedBuiltins: RemovedBuiltins;
  readonly #loaded = new Map<string, LoadedVersion>();
  readonly #queue = new SerialQueue();
  #scheduler: AddonScheduler | undefined;

  constructor(deps: AddonManagerDeps) {
    this.#deps = deps;
    this.removedBuiltins = new RemovedBuiltins(deps.paths.removedBuiltins);
    this.#installer = new AddonInstaller(deps.db, deps.paths, deps.clock, { migrationTimeoutMs: deps.migrationTimeoutMs });
  }

  /** The scheduler whose jobs follow the addons (set before `startup`). */
  attachScheduler(scheduler: AddonScheduler): void {
    this.#scheduler = scheduler;
  }

  /**
   * At daemon start: re-verifies every installed addon from its kept zip (a modified one is
   * refused, never loaded), loads the enabled ones, starts their connectors, registers
   * their schedules and syncs the poll jobs.
   */
  startup(): Promise<void> {
    return this.#queue.run(async () => {
      for (const line of this.#installer.recover()) this.#deps.log(`addons: ${line}`);
      for (const addon of listInstalledAddons(this.#deps.db)) {
        // Born 0600 since; one an older version made with the umask's mode is repaired here.
        const database = this.#deps.paths.database(addon.id);
        restrictToOwner(database, `${database}-wal`, `${database}-shm`);
        let verified: VerifiedPackage;
        try {
          verified = verifyInstalledVersion(this.#deps.paths, this.#deps.policy, addon.id, addon.version);
        } catch (error) {
          this.#refuse(addon.id, error);
          continue;
        }
        if (!addon.enabled) {
          this.#setStatus(addon.id, "installed");
          this.#deps.schedules.unregister(addon.id, this.#scheduler);
          continue;
        }
        await this.#activate(verified).catch((error: unknown) => this.#failed(addon.id, error));
      }
      this.#syncJobs();
    });
  }

  /**
   * Runs `operation` between lifecycle operations, never during one: the connector API writes
   * instances through it, so none is started for an addon an uninstall is taking away.
   */
  serialized<T>(operation: () => Promise<T>): Promise<T> {
    return this.#queue.run(operation);
  }

  /** Installs a package, or upgrades (or, with `force`, downgrades) the installed version without a restart. */
  install(zip: Uint8Array, options: { force?: boolean } = {}): Promise<InstallOutcome> {
    return this.#queue.run(async () => {
      const { verified, existing } = verifyUpload(this.#deps.db, zip, this.#deps.policy, options.force === true);
      const { id, version } = verified.manifest;
      if (existing?.version === version && (existing.status === "active" || existing.status === "installed")) {
        throw hostError("ADDON_VERSION_INSTALLED", `${id} ${version} is installed already`, { id, version });
      }
      const staged = await this.#installer.stage(verified, zip, existing);
      const enabled = existing?.enabled ?? true;
      let loaded: LoadedVersion | undefined;
      try {
        if (enabled) loaded = await this.#deps.runtimes.load(verified);
      } catch (error) {
        this.#installer.discard(staged);
        throw error;
      }
      try {
        this.#installer.commit(staged, { enabled, status: enabled ? "active" : "installed" });
      } catch (error) {
        if (loaded) await this.#deps.runtimes.unload(loaded);
        throw error;
      }
      this.removedBuiltins.delete(id);
      const notStarted = await this.#settle(loaded);
      this.#deps.log(`addons: ${existing ? `${id} ${existing.version} → ${version}` : `installed ${id} ${version}`} (${verified.trust.level})`);
      const warnings = [
        ...verified.warnings,
        ...notStarted.map((failure) => `connector ${failure.connectorId} did not start on ${version}: ${failure.code}: ${failure.message}`),
      ];
      return { addon: this.get(id), replaced: existing?.version ?? null, warnings };
    });
  }

  enable(id: string): Promise<AddonListing> {
    return this.#queue.run(async () => {
      const addon = this.#require(id);
      setAddonEnabled(this.#deps.db, id, true, this.#now());
      if (!this.#loaded.has(id)) {
        let verified: VerifiedPackage;
        try {
          verified = verifyInstalledVersion(this.#deps.paths, this.#deps.policy, id, addon.version);
        } catch (error) {
          this.#refuse(id, error);
          throw error;
        }
        await this.#activate(verified).catch((error: unknown) => {
          this.#failed(id, error);
          throw error;
        });
      }
      this.#syncJobs();
      return this.get(id);
    });
  }

  disable(id: string): Promise<AddonListing> {
    return this.#queue.run(async () => {
      const addon = this.#require(id);
      setAddonEnabled(this.#deps.db, id, false, this.#now());
      await this.#deactivate(id);
      if (addon.status !== "refused") this.#setStatus(id, "installed");
      this.#syncJobs();
      return this.get(id);
    });
  }

  /**
   * Removes the addon's files, database and rows; its connectors are kept disabled, or removed
   * (their open alerts then resolved by `actor`: nothing would clear them any more).
   */
  uninstall(
    id: string, connectors: ConnectorDisposition = "keep", actor = SYSTEM_ACTOR,
  ): Promise<{ id: string; connectors: ConnectorDisposition; removedConnectors: string[] }> {
    return this.#queue.run(async () => {
      const addon = this.#require(id);
      await this.#deactivate(id);
      // Marked first: a crash before the transaction leaves it installed, where the mark means nothing.
      if (addon.trust_level === "core") this.removedBuiltins.add(id);
      let removedConnectors: string[] = [];
      const at = this.#now();
      this.#deps.db.transaction(() => {
        deleteInstalledAddon(this.#deps.db, id);
        removeSeedMappings(this.#deps.db, id);
        if (connectors === "remove") removedConnectors = deleteConnectorsOf(this.#deps.db, id);
        else disableConnectorsOf(this.#deps.db, id, at);
      })();
      this.#installer.removeFiles(id);
      for (const connectorId of removedConnectors) this.#deps.alerts.resolveInstance(connectorId, actor, `addon ${id} uninstalled with its connectors`);
      this.#deps.alerts.invalidateMappings();
      this.#syncJobs();
      this.#deps.log(`addons: uninstalled ${id} (connectors ${connectors === "remove" ? "removed" : "kept, disabled"})`);
      return { id, connectors, removedConnectors };
    });
  }

  /** Goes back to the previous version, re-verified from its kept zip, without a restart. */
  rollback(id: string): Promise<AddonListing> {
    return this.#queue.run(async () => {
      const addon = this.#require(id);
      const previous = addon.previous_version;
      if (!previous) throw hostError("ADDON_NO_PREVIOUS_VERSION", `${id} has no previous version to roll back to`, { id });
      const verified = verifyInstalledVersion(this.#deps.paths, this.#deps.policy, id, previous);
      const loaded = addon.enabled ? await this.#deps.runtimes.load(verified) : undefined;
      try {
        this.#deps.db.transaction(() => {
          this.#saveVersion(verified, addon.version, addon.enabled, loaded ? "active" : "installed");
          const seed = verified.files.get("seed/mappings.json");
          if (seed) applySeedMappings(this.#deps.db, id, parseSeedMappings(seed), this.#now());
        })();
      } catch (error) {
        if (loaded) await this.#deps.runtimes.unload(loaded);
        throw error;
      }
      await this.#settle(loaded);
      this.#deps.log(`addons: rolled ${id} back from ${addon.version} to ${previous}`);
      return this.get(id);
    });
  }

  list(): AddonListing[] {
    return listInstalledAddons(this.#deps.db).map((addon) => this.#listing(addon));
  }

  get(id: string): AddonListing {
    return this.#listing(this.#require(id));
  }

  /** The installed manifest (what connectors are validated against); ADDON_NOT_FOUND otherwise. */
  manifest(id: string): Manifest {
    return this.#require(id).manifest;
  }

  /** The version running now, if the addon is active. */
  loaded(id: string): LoadedVersion | undefined {
    return this.#loaded.get(id);
  }

  /** Re-syncs the poll jobs after a connector change. */
  syncJobs(): void {
    this.#syncJobs();
  }

  close(): Promise<void> {
    return this.#queue.run(async () => {
      await this.#deps.instances.close();
      this.#loaded.clear();
      await this.#deps.runtimes.close();
    });
  }

  async #activate(verified: VerifiedPackage): Promise<void> {
    const loaded = await this.#deps.runtimes.load(verified);
    this.#setStatus(verified.manifest.id, "active");
    await this.#switchTo(loaded);
  }

  /**
   * Makes `loaded` the running version: connectors move over (new instance first), the old
   * version is unloaded. Returns the connectors that did not start on it.
   */
  async #switchTo(loaded: LoadedVersion): Promise<Array<{ connectorId: string } & ErrorData>> {
    const previous = this.#loaded.get(loaded.ref.id);
    this.#loaded.set(loaded.ref.id, loaded);
    const notStarted = await this.#deps.instances.startAll(loaded);
    if (previous && previous.ref.version !== loaded.ref.version) await this.#deps.runtimes.unload(previous);
    if (this.#scheduler) this.#deps.schedules.register(loaded, this.#scheduler);
    return notStarted;
  }

  async #deactivate(id: string): Promise<void> {
    this.#deps.schedules.unregister(id, this.#scheduler);
    this.#scheduler?.removeByOwner(addonOwner(id));
    await this.#deps.instances.stopAddon(id);
    const loaded = this.#loaded.get(id);
    this.#loaded.delete(id);
    if (loaded) await this.#deps.runtimes.unload(loaded);
  }

  #saveVersion(verified: VerifiedPackage, previousVersion: string, enabled: boolean, status: "active" | "installed"): void {
    const { manifest, trust } = verified;
    saveInstalledVersion(this.#deps.db, {
      id: manifest.id, version: manifest.version, previousVersion, manifest, enabled, status,
      path: this.#deps.paths.versionDir(manifest.id, manifest.version),
      trustLevel: trust.level, keyId: trust.level === "unsigned" ? null : trust.keyId,
    }, this.#now());
  }

  #refuse(id: string, error: unknown): void {
    const problem = toErrorData(error, "ADDON_REFUSED");
    setAddonStatus(this.#deps.db, id, "refused", this.#now(), problem);
    this.#deps.schedules.unregister(id, this.#scheduler);
    this.#deps.log(`addons: REFUSED ${id}: ${problem.code}: ${problem.message}`);
  }

  #failed(id: string, error: unknown): void {
    const problem = toErrorData(error, "ADDON_START_FAILED");
    setAddonStatus(this.#deps.db, id, "failed", this.#now(), problem);
    this.#deps.log(`addons: ${id} failed to load: ${problem.code}: ${problem.message}`);
  }

  #setStatus(id: string, status: "active" | "installed"): void {
    setAddonStatus(this.#deps.db, id, status, this.#now());
  }

  /**
   * After a version change: fresh mappings for the normalizers, instances on the new version,
   * jobs in step. Returns the connectors that did not start on it.
   */
  async #settle(loaded: LoadedVersion | undefined): Promise<Array<{ connectorId: string } & ErrorData>> {
    this.#deps.alerts.invalidateMappings();
    const notStarted = loaded ? await this.#switchTo(loaded) : [];
    this.#syncJobs();
    return notStarted;
  }

  #syncJobs(): void {
    if (this.#scheduler) syncConnectorJobs(this.#deps.db, this.#scheduler);
  }

  #require(id: string): InstalledAddon {
    const addon = getInstalledAddon(this.#deps.db, id);
    if (!addon) throw hostError("ADDON_NOT_FOUND", `no installed addon ${id}`, { id });
    return addon;
  }

  #listing(addon: InstalledAddon): AddonListing {
    const connectors = (this.#deps.db.prepare("SELECT count(*) AS n FROM connectors WHERE addon_id = ?").get(addon.id) as { n: number }).n;
    const loaded = this.#loaded.get(addon.id);
    return toListing(addon, connectors, loaded && this.#deps.runtimes.stats(loaded.ref));
  }

  #now(): string {
    return iso(this.#deps.clock.now());
  }
}
