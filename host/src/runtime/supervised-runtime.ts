import type { ConnectionTestResult, Device, MappingSnapshot, NormalizedAlert, PushMessage, RawEvent } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { AddonStats } from "./addon-stats.ts";
import { resolveLimits } from "./limits.ts";
import type { SandboxFactory } from "./sandbox.ts";
import { SupervisedInstance, type LoadedAddon } from "./supervised-instance.ts";
import { assertRuntimeAllowed } from "./trust.ts";
import type {
  AddonBundle, AddonLimits, AddonRef, AddonRuntime, AddonRuntimeStats, CallOptions, InstanceSpec, PollOutput, ReceiveOutcome, ReceivedMessage,
  RuntimeKind,
} from "./types.ts";

export interface SupervisedRuntimeOptions {
  kind: RuntimeKind;
  openSandbox: SandboxFactory;
  /** Defaults for every addon this runtime loads; an addon's own limits win. */
  limits?: AddonLimits;
  clock?: Clock;
}

interface AddonEntry extends LoadedAddon {
  bundle: AddonBundle;
  instanceIds: Set<string>;
}

/**
 * The AddonRuntime both implementations share: a registry of addon versions and
 * instances over a sandbox factory (isolate or worker). Every failure is counted in the
 * addon's stats before it is thrown.
 */
export class SupervisedRuntime implements AddonRuntime {
  readonly kind: RuntimeKind;
  readonly #openSandbox: SandboxFactory;
  readonly #defaults: AddonLimits | undefined;
  readonly #clock: Clock;
  readonly #addons = new Map<string, AddonEntry>();
  readonly #instances = new Map<string, { instance: SupervisedInstance; addon: AddonEntry }>();

  constructor(options: SupervisedRuntimeOptions) {
    this.kind = options.kind;
    this.#openSandbox = options.openSandbox;
    this.#defaults = options.limits;
    this.#clock = options.clock ?? systemClock;
  }

  async load(bundle: AddonBundle): Promise<void> {
    if (bundle.runtime !== this.kind) {
      throw hostError("ADDON_RUNTIME_NOT_ALLOWED", `${bundle.id}@${bundle.version} asks for the ${bundle.runtime} runtime; this is the ${this.kind} runtime`);
    }
    assertRuntimeAllowed(bundle.runtime, bundle.trust ?? "community", `${bundle.id}@${bundle.version}`);
    const key = addonKey(bundle);
    if (this.#addons.has(key)) throw hostError("ADDON_ALREADY_LOADED", `${key} is already loaded`);
    const limits = resolveLimits(this.#defaults, bundle.limits);
    const sandbox = await this.#openSandbox(bundle, limits);
    // A concurrent load of the same version may have won while the sandbox was opening.
    if (this.#addons.has(key)) {
      await sandbox.dispose();
      throw hostError("ADDON_ALREADY_LOADED", `${key} is already loaded`);
    }
    const stats = new AddonStats(bundle.id, bundle.version, this.kind, this.#clock);
    this.#addons.set(key, { bundle, limits, sandbox, stats, instanceIds: new Set() });
  }

  async createInstance(instanceId: string, spec: InstanceSpec): Promise<void> {
    const addon = this.#addon(spec.addon);
    if (this.#instances.has(instanceId)) throw hostError("ADDON_INSTANCE_EXISTS", `instance ${instanceId} already exists`);
    const instance = new SupervisedInstance(instanceId, addon, spec, this.#clock);
    this.#instances.set(instanceId, { instance, addon });
    addon.instanceIds.add(instanceId);
    try {
      await instance.start();
    } catch (error) {
      this.#forget(instanceId);
      instance.dispose();
      addon.stats.failed(error);
      throw error;
    }
  }

  poll(instanceId: string, options?: CallOptions): Promise<PollOutput> {
    return this.#run(instanceId, (instance, addon) => {
      addon.stats.polls += 1;
      return instance.poll(options);
    });
  }

  testConnection(instanceId: string, options?: CallOptions): Promise<ConnectionTestResult> {
    return this.#run(instanceId, (instance) => instance.testConnection(options));
  }

  receive(instanceId: string, message: ReceivedMessage, options?: CallOptions): Promise<NormalizedAlert[]> {
    return this.#run(instanceId, (instance) => instance.receive(message, options));
  }

  receiveBatch(instanceId: string, messages: readonly PushMessage[], options?: CallOptions): Promise<ReceiveOutcome[]> {
    return this.#run(instanceId, async (instance, addon) => {
      const outcomes = await instance.receiveBatch(messages, options);
      // Each message that failed counts, as it would have as a `receive` of its own.
      for (const outcome of outcomes) if (outcome.error) addon.stats.failed(outcome.error);
      return outcomes;
    });
  }

  syncDevices(instanceId: string, options?: CallOptions): Promise<Device[]> {
    return this.#run(instanceId, (instance) => instance.syncDevices(options));
  }

  getDeviceInfo(instanceId: string, externalId: string, options?: CallOptions): Promise<Device | null> {
    return this.#run(instanceId, (instance) => instance.getDeviceInfo(externalId, options));
  }

  normalize(instanceId: string, events: readonly RawEvent[] | string, options?: CallOptions): Promise<NormalizedAlert[]> {
    return this.#run(instanceId, (instance) => instance.normalize(events, options));
  }

  updateMappings(instanceId: string, snapshot: MappingSnapshot): Promise<void> {
    return this.#run(instanceId, (instance) => instance.updateMappings(snapshot));
  }

  async disposeInstance(instanceId: string): Promise<void> {
    const entry = this.#instances.get(instanceId);
    if (!entry) return;
    this.#forget(instanceId);
    entry.instance.dispose();
  }

  async unload(ref: AddonRef): Promise<void> {
    const key = addonKey(ref);
    const addon = this.#addons.get(key);
    if (!addon) return;
    for (const instanceId of [...addon.instanceIds]) await this.disposeInstance(instanceId);
    this.#addons.delete(key);
    await addon.sandbox.dispose();
  }

  stats(): AddonRuntimeStats[] {
    return [...this.#addons.values()].map((addon) => addon.stats.snapshot(addon.instanceIds.size, addon.sandbox.usage()));
  }

  async close(): Promise<void> {
    for (const addon of [...this.#addons.values()]) await this.unload(addon.bundle);
  }

  async #run<T>(instanceId: string, work: (instance: SupervisedInstance, addon: AddonEntry) => Promise<T>): Promise<T> {
    const entry = this.#instances.get(instanceId);
    if (!entry) throw hostError("ADDON_INSTANCE_NOT_FOUND", `no addon instance ${instanceId}`);
    try {
      return await work(entry.instance, entry.addon);
    } catch (error) {
      entry.addon.stats.failed(error);
      throw error;
    }
  }

  #addon(ref: AddonRef): AddonEntry {
    const addon = this.#addons.get(addonKey(ref));
    if (!addon) throw hostError("ADDON_NOT_LOADED", `${addonKey(ref)} is not loaded in the ${this.kind} runtime`);
    return addon;
  }

  #forget(instanceId: string): void {
    const entry = this.#instances.get(instanceId);
    if (!entry) return;
    this.#instances.delete(instanceId);
    entry.addon.instanceIds.delete(instanceId);
  }
}

function addonKey(ref: AddonRef): string {
  return `${ref.id}@${ref.version}`;
}
