import type { OcError } from "@opsconductor/sdk";
import ivm from "isolated-vm";
import { hostError, type HostErrorCode } from "../../errors.ts";
import { CpuWatchdog } from "../cpu-watchdog.ts";
import { readEnvelope } from "../guest/envelope.ts";
import type { GuestArg, GuestDispatch, GuestInit, GuestOp, HostCall } from "../guest/protocol.ts";
import type { ResolvedLimits } from "../limits.ts";
import type { Sandbox, SandboxInstance, SandboxUsage } from "../sandbox.ts";
import type { AddonBundle } from "../types.ts";
import { bootGuest } from "./guest-boot.ts";
import { cpuTimeout, isolateFault, memoryLimit } from "./isolate-faults.ts";

/** Host → guest transfer: copies both ways (a batch of events is one structured copy), the guest's promise awaited, CPU-limited. */
function applyOptions(timeout: number) {
  return { arguments: { copy: true }, result: { promise: true, copy: true }, timeout } as const;
}

/**
 * Opens the isolate sandbox of one addon version: compiles the bundle once (keeping V8's
 * code cache for every later context) and checks, in a scratch context, that its default
 * export is `defineAddon({ connector, normalizer })`.
 */
export async function openIsolateSandbox(bundle: AddonBundle, limits: ResolvedLimits): Promise<Sandbox> {
  const sandbox = new IsolateSandbox(bundle, limits);
  try {
    await sandbox.verify();
  } catch (error) {
    await sandbox.dispose();
    throw error;
  }
  return sandbox;
}

/**
 * One isolate per addon version (memory-limited); one context per connector instance.
 * When the isolate dies (memory limit, or disposed by the CPU watchdog) the next start
 * creates a new one; instances of the old one report `alive: false`.
 */
class IsolateSandbox implements Sandbox {
  readonly #bundle: AddonBundle;
  readonly #limits: ResolvedLimits;
  readonly #watchdog: CpuWatchdog;
  #isolate: ivm.Isolate;
  #generation = 0;
  /** Why the current generation's isolate was disposed, when the host did it (or the memory limit). */
  #death: OcError | null = null;
  #cachedData: ivm.ExternalCopy<ArrayBuffer> | undefined;
  #retiredCpuMs = 0;
  #currentCpuMs = 0;
  #heapUsedBytes = 0;
  #heapPendingFor: ivm.Isolate | null = null;
  #disposed = false;

  constructor(bundle: AddonBundle, limits: ResolvedLimits) {
    this.#bundle = bundle;
    this.#limits = limits;
    this.#isolate = this.#newIsolate();
    this.#watchdog = new CpuWatchdog({
      readCpuMs: () => this.#cpuMs(),
      budgetMs: limits.cpuTimeoutMs,
      // isolated-vm's own timeout stops synchronous runs at the budget; the watchdog is for the rest.
      graceMs: Math.max(50, limits.cpuTimeoutMs / 4),
      onRunaway: () => this.#kill(cpuTimeout(limits.cpuTimeoutMs)),
    });
  }

  get generation(): number {
    return this.#generation;
  }

  isCurrent(generation: number): boolean {
    return !this.#disposed && generation === this.#generation && !this.#isolate.isDisposed;
  }

  async verify(): Promise<void> {
    const module = await this.#compile();
    try {
      if (module.dependencySpecifiers.length > 0) {
        throw hostError("ADDON_BUNDLE_INVALID", `the bundle imports ${module.dependencySpecifiers.join(", ")}; an addon bundle imports nothing`);
      }
      const context = await this.#isolate.createContext();
      try {
        await module.instantiate(context, () => {
          throw new Error("imports are not allowed");
        });
        await module.evaluate({ timeout: this.#limits.cpuTimeoutMs });
        const shapeOk = await context.evalClosure(
          `return typeof $0.default?.connector === "function" && typeof $0.default?.normalizer === "function";`,
          [module.namespace.derefInto()], { result: { copy: true }, timeout: this.#limits.cpuTimeoutMs },
        );
        if (shapeOk !== true) throw hostError("ADDON_BUNDLE_INVALID", "the bundle's default export is not defineAddon({ connector, normalizer })");
      } catch (error) {
        throw this.#fault(error, "ADDON_BUNDLE_INVALID", this.#generation);
      } finally {
        context.release();
      }
    } finally {
      module.release();
      // A loaded addon without instances makes no calls: measure its heap once here.
      this.#refreshHeap();
    }
  }

  async startInstance(init: GuestInit, hostCall: HostCall): Promise<SandboxInstance> {
    if (this.#disposed) throw hostError("ADDON_NOT_LOADED", `${this.#bundle.id}@${this.#bundle.version} was unloaded`);
    const isolate = this.#liveIsolate();
    const generation = this.#generation;
    const context = await isolate.createContext();
    let booted: Awaited<ReturnType<typeof bootGuest>>;
    try {
      const module = await this.#compile();
      try {
        booted = await bootGuest(context, module, hostCall, this.#limits.cpuTimeoutMs);
      } finally {
        module.release();
      }
    } catch (error) {
      context.release();
      throw this.#fault(error, "ADDON_START_FAILED", generation);
    }
    const instance = new IsolateInstance(this, context, booted.dispatcher, booted.hostRef, generation);
    try {
      readEnvelope(await instance.call("start", [JSON.stringify(init)]));
    } catch (error) {
      instance.dispose();
      throw error;
    }
    return instance;
  }

  /** Runs one op in an instance's context, watched for CPU, under isolated-vm's per-call timeout. */
  async apply(dispatcher: ivm.Reference<GuestDispatch>, generation: number, op: GuestOp, args: readonly GuestArg[]): Promise<string> {
    const finished = this.#watchdog.watch();
    try {
      const [a, b, c] = args;
      return await dispatcher.apply(undefined, [op, a, b, c], applyOptions(this.#limits.cpuTimeoutMs)) as string;
    } catch (error) {
      throw this.#fault(error, "ADDON_RESULT_INVALID", generation);
    } finally {
      finished();
      this.#refreshHeap();
    }
  }

  usage(): SandboxUsage {
    return { cpuTimeMs: this.#cpuMs(), heapUsedBytes: this.#heapUsedBytes };
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#watchdog.reset();
    this.#cpuMs();
    if (!this.#isolate.isDisposed) this.#isolate.dispose();
  }

  #newIsolate(): ivm.Isolate {
    return new ivm.Isolate({ memoryLimit: this.#limits.memoryMb });
  }

  /** The current isolate, or a new one when the last died. */
  #liveIsolate(): ivm.Isolate {
    if (!this.#isolate.isDisposed) return this.#isolate;
    this.#cpuMs();
    this.#retiredCpuMs += this.#currentCpuMs;
    this.#currentCpuMs = 0;
    this.#isolate = this.#newIsolate();
    this.#generation += 1;
    this.#death = null;
    this.#watchdog.reset();
    return this.#isolate;
  }

  async #compile(): Promise<ivm.Module> {
    const { id, version, bundleCode } = this.#bundle;
    const cache = this.#cachedData ? { cachedData: this.#cachedData } : { produceCachedData: true };
    try {
      const module = await this.#isolate.compileModule(bundleCode, { filename: `addon:///${id}@${version}/backend/index.js`, ...cache });
      this.#cachedData ??= (module as ivm.Module & { cachedData?: ivm.ExternalCopy<ArrayBuffer> }).cachedData;
      return module;
    } catch (error) {
      throw this.#fault(error, "ADDON_BUNDLE_INVALID", this.#generation);
    }
  }

  #kill(reason: OcError): void {
    if (this.#isolate.isDisposed) return;
    this.#death = reason;
    this.#cpuMs();
    this.#isolate.dispose();
  }

  /** What a failed call means; a memory-limit death is remembered so sibling calls report it too. */
  #fault(error: unknown, fallback: HostErrorCode, generation: number): OcError {
    if (generation === this.#generation && this.#death) return hostError(this.#death.code as HostErrorCode, this.#death.message);
    let fault = isolateFault(error, this.#limits, fallback);
    // The host disposes isolates only with a recorded reason; one that died on its own hit the memory limit.
    if (fault.code === "ADDON_CRASHED" && generation === this.#generation && this.#isolate.isDisposed) fault = memoryLimit(this.#limits.memoryMb);
    if (generation === this.#generation && fault.code === "ADDON_MEMORY_LIMIT") this.#death = fault;
    return fault;
  }

  #cpuMs(): number {
    if (!this.#isolate.isDisposed) this.#currentCpuMs = Number(this.#isolate.cpuTime) / 1e6;
    return this.#retiredCpuMs + this.#currentCpuMs;
  }

  /** Heap statistics are asked for after a call, never awaited: the isolate answers when it is free. */
  #refreshHeap(): void {
    const isolate = this.#isolate;
    if (this.#heapPendingFor === isolate || isolate.isDisposed) return;
    this.#heapPendingFor = isolate;
    isolate.getHeapStatistics().then(
      (heap) => {
        this.#heapUsedBytes = heap.used_heap_size + heap.externally_allocated_size;
      },
      () => {},
    ).finally(() => {
      if (this.#heapPendingFor === isolate) this.#heapPendingFor = null;
    });
  }
}

/** One connector instance: a context of the addon's isolate and its dispatcher. */
class IsolateInstance implements SandboxInstance {
  readonly #sandbox: IsolateSandbox;
  readonly #context: ivm.Context;
  readonly #dispatcher: ivm.Reference<GuestDispatch>;
  readonly #hostRef: ivm.Reference<HostCall>;
  readonly #generation: number;
  #released = false;

  constructor(sandbox: IsolateSandbox, context: ivm.Context, dispatcher: ivm.Reference<GuestDispatch>, hostRef: ivm.Reference<HostCall>, generation: number) {
    this.#sandbox = sandbox;
    this.#context = context;
    this.#dispatcher = dispatcher;
    this.#hostRef = hostRef;
    this.#generation = generation;
  }

  get alive(): boolean {
    return !this.#released && this.#sandbox.isCurrent(this.#generation);
  }

  call(op: GuestOp, args: readonly GuestArg[]): Promise<string> {
    if (!this.alive) return Promise.reject(hostError("ADDON_CRASHED", "the instance's isolate is gone"));
    return this.#sandbox.apply(this.#dispatcher, this.#generation, op, args);
  }

  dispose(): void {
    if (this.#released) return;
    this.#released = true;
    // Releasing drops the context's objects once nothing runs in it; a call stuck in it
    // stays pending (its bridge is closed host-side) and the CPU watchdog still sees it.
    for (const handle of [this.#dispatcher, this.#hostRef, this.#context]) {
      try {
        handle.release();
      } catch {
        // already gone with its isolate
      }
    }
  }
}
