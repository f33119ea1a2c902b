import { type Manifest } from "@opsconductor/sdk";
import { BACKEND_ENTRY, type VerifiedPackage } from "@opsconductor/sdk/node";
import {
  createIsolateRuntime, createWorkerRuntime,
  type AddonLimits, type AddonRef, type AddonRuntime, type AddonRuntimeStats, type RuntimeKind, type TrustLevel,
} from "../runtime/index.ts";
import type { AddonTrustLevel } from "./installed-addons.ts";

/** An addon version loaded into its runtime. */
export interface LoadedVersion {
  ref: AddonRef;
  manifest: Manifest;
  runtime: AddonRuntime;
  trust: AddonTrustLevel;
}

export interface RuntimePoolOptions {
  /** Defaults for every addon (memory, CPU, deadlines). */
  limits?: AddonLimits;
  createRuntime?: (kind: RuntimeKind, limits: AddonLimits | undefined) => AddonRuntime;
}

function defaultRuntime(kind: RuntimeKind, limits: AddonLimits | undefined): AddonRuntime {
  return kind === "worker" ? createWorkerRuntime({ limits }) : createIsolateRuntime({ limits });
}

/**
 * The host's two runtimes (DESIGN §4.3), each created on first use: isolated-vm for every
 * addon by default, the worker runtime for a manifest asking for it — which the verifier
 * allows only for trusted and core keys, and the runtime checks again.
 */
export class RuntimePool {
  readonly #runtimes = new Map<RuntimeKind, AddonRuntime>();
  readonly #options: RuntimePoolOptions;

  constructor(options: RuntimePoolOptions = {}) {
    this.#options = options;
  }

  async load(verified: VerifiedPackage): Promise<LoadedVersion> {
    const { manifest } = verified;
    const kind: RuntimeKind = manifest.runtime;
    const runtime = this.#runtime(kind);
    const trust = verified.trust.level;
    const runtimeTrust: TrustLevel = trust === "unsigned" ? "community" : trust;
    await runtime.load({
      id: manifest.id, version: manifest.version, runtime: kind, trust: runtimeTrust,
      bundleCode: Buffer.from(verified.files.get(BACKEND_ENTRY)!).toString("utf8"),
    });
    return { ref: { id: manifest.id, version: manifest.version }, manifest, runtime, trust };
  }

  async unload(loaded: LoadedVersion): Promise<void> {
    await loaded.runtime.unload(loaded.ref);
  }

  /** The runtime counters of one addon version, if it is loaded. */
  stats(ref: AddonRef): AddonRuntimeStats | undefined {
    for (const runtime of this.#runtimes.values()) {
      const found = runtime.stats().find((stats) => stats.id === ref.id && stats.version === ref.version);
      if (found) return found;
    }
    return undefined;
  }

  async close(): Promise<void> {
    for (const runtime of this.#runtimes.values()) await runtime.close();
    this.#runtimes.clear();
  }

  #runtime(kind: RuntimeKind): AddonRuntime {
    let runtime = this.#runtimes.get(kind);
    if (!runtime) {
      runtime = (this.#options.createRuntime ?? defaultRuntime)(kind, this.#options.limits);
      this.#runtimes.set(kind, runtime);
    }
    return runtime;
  }
}
