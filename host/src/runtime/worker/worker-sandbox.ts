import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel, type Transferable } from "node:worker_threads";
import { OcError } from "@opsconductor/sdk";
import { Piscina } from "piscina";
import { hostError } from "../../errors.ts";
import { CpuWatchdog } from "../cpu-watchdog.ts";
import { readEnvelope } from "../guest/envelope.ts";
import type { GuestArg, GuestInit, GuestOp, HostCall } from "../guest/protocol.ts";
import type { ResolvedLimits } from "../limits.ts";
import type { Sandbox, SandboxInstance, SandboxUsage } from "../sandbox.ts";
import type { AddonBundle } from "../types.ts";
import { servePort } from "./port-bridge.ts";
import type { WorkerData, WorkerReply, WorkerTask } from "./worker-protocol.ts";

const WORKER_ENTRY = fileURLToPath(new URL("./worker-entry.ts", import.meta.url));

/**
 * Opens the worker sandbox of one addon version: writes the bundle to a private temp
 * file (the worker imports it from there) and checks its default export in the worker.
 */
export async function openWorkerSandbox(bundle: AddonBundle, limits: ResolvedLimits): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "opsconductor-addon-"));
  const file = join(dir, "index.mjs");
  await writeFile(file, bundle.bundleCode, { mode: 0o600 });
  const sandbox = new WorkerSandbox(limits, dir, pathToFileURL(file).href);
  try {
    readEnvelope((await sandbox.run({ kind: "probe" })).envelope);
  } catch (error) {
    await sandbox.dispose();
    throw error;
  }
  return sandbox;
}

/**
 * One Piscina pool of one thread per addon version: the thread holds the instances, so
 * they all run in the same worker (their calls interleave on its event loop, up to
 * `workerConcurrency`). The worker gets an empty environment, no execArgv and a V8 heap
 * cap. A worker that burns CPU without pause is terminated by the watchdog; Piscina
 * starts a fresh one, and the instances that lived in the old one restart.
 */
class WorkerSandbox implements Sandbox {
  readonly #limits: ResolvedLimits;
  readonly #dir: string;
  readonly #pool: Piscina<WorkerTask, WorkerReply>;
  readonly #watchdog: CpuWatchdog;
  /** Why the host terminated the worker of each epoch: tasks of that epoch fail with it. */
  readonly #terminations = new Map<number, OcError>();
  #epoch = 0;
  /** Last CPU reading of every worker thread this pool has had (monotonic total). */
  readonly #cpuMsByThread = new Map<number, number>();
  #heapUsedBytes = 0;
  #nextKey = 1;
  #disposed = false;

  constructor(limits: ResolvedLimits, dir: string, bundleUrl: string) {
    this.#limits = limits;
    this.#dir = dir;
    this.#pool = new Piscina<WorkerTask, WorkerReply>({
      filename: WORKER_ENTRY,
      minThreads: 1,
      maxThreads: 1,
      concurrentTasksPerWorker: limits.workerConcurrency,
      // Async tasks and port messages need a live event loop, not Atomics.wait between tasks.
      atomics: "disabled",
      env: {},
      execArgv: [],
      workerData: { bundleUrl } satisfies WorkerData,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(32, Math.floor(limits.memoryMb / 4))),
      },
    });
    // A worker that dies with no task running (e.g. out of memory in stray async code) is
    // reported here; Piscina replaces it, and its instances restart on their next call.
    this.#pool.on("error", () => {});
    this.#watchdog = new CpuWatchdog({
      readCpuMs: () => this.#readCpuMs(),
      budgetMs: limits.cpuTimeoutMs,
      onRunaway: () => this.#terminate(hostError("ADDON_TIMEOUT", `the addon ran for more than its ${limits.cpuTimeoutMs} ms CPU budget and was stopped`)),
    });
  }

  async startInstance(init: GuestInit, hostCall: HostCall): Promise<SandboxInstance> {
    const instanceKey = String(this.#nextKey++);
    const { port1, port2 } = new MessageChannel();
    const closePort = servePort(port1, hostCall);
    let reply: WorkerReply;
    try {
      reply = await this.run({ kind: "start", instanceKey, init: JSON.stringify(init), port: port2 }, [port2]);
    } catch (error) {
      closePort();
      throw error;
    }
    const instance = new WorkerInstance(this, instanceKey, reply.threadId, closePort);
    try {
      readEnvelope(reply.envelope);
    } catch (error) {
      instance.dispose();
      throw error;
    }
    return instance;
  }

  /**
   * One task in the worker, watched for CPU; a crash of the worker comes back as an OcError.
   * No AbortSignal on purpose: Piscina runs an abortable task alone on its worker, which
   * would serialize every instance of the addon. Deadlines are kept by the host (the
   * instance is disposed, which settles its stuck task); a worker that cannot even take
   * that message is terminated by the CPU watchdog.
   */
  async run(task: WorkerTask, transferList?: Transferable[]): Promise<WorkerReply> {
    if (this.#disposed) throw hostError("ADDON_NOT_LOADED", "the addon was unloaded");
    const epoch = this.#epoch;
    const finished = this.#watchdog.watch();
    try {
      const reply = await this.#pool.run(task, transferList ? { transferList: transferList as never } : {});
      this.#heapUsedBytes = reply.heapUsedBytes;
      return reply;
    } catch (error) {
      throw this.#fault(error, epoch);
    } finally {
      finished();
      void this.#readCpuMs().catch(() => {});
    }
  }

  currentThreadId(): number | undefined {
    return this.#pool.threads[0]?.threadId;
  }

  usage(): SandboxUsage {
    let cpuTimeMs = 0;
    for (const ms of this.#cpuMsByThread.values()) cpuTimeMs += ms;
    return { cpuTimeMs, heapUsedBytes: this.#heapUsedBytes };
  }

  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#watchdog.reset();
    this.#terminations.set(this.#epoch, hostError("ADDON_NOT_LOADED", "the addon was unloaded"));
    await this.#pool.destroy().catch(() => {});
    await rm(this.#dir, { recursive: true, force: true });
  }

  async #readCpuMs(): Promise<number> {
    const worker = this.#pool.threads[0];
    if (worker) {
      const usage = await worker.cpuUsage();
      this.#cpuMsByThread.set(worker.threadId, (usage.user + usage.system) / 1000);
    }
    return this.usage().cpuTimeMs;
  }

  /** Ends the worker and everything running in it; Piscina fails its tasks and starts a fresh worker. */
  #terminate(reason: OcError): void {
    this.#terminations.set(this.#epoch, reason);
    this.#epoch += 1;
    for (const worker of this.#pool.threads) void worker.terminate();
  }

  #fault(error: unknown, epoch: number): OcError {
    const termination = this.#terminations.get(epoch);
    if (termination) return termination;
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === "ERR_WORKER_OUT_OF_MEMORY" || /out of memory/i.test(message)) {
      return hostError("ADDON_MEMORY_LIMIT", `the addon went over its ${this.#limits.memoryMb} MB memory limit; its worker was restarted`);
    }
    return hostError("ADDON_CRASHED", `the addon's worker stopped: ${message}`.slice(0, 2_000));
  }
}

/** One connector instance living in the addon's worker thread. */
class WorkerInstance implements SandboxInstance {
  readonly #sandbox: WorkerSandbox;
  readonly #key: string;
  readonly #threadId: number;
  readonly #closePort: () => void;
  #disposed = false;
  #lost = false;

  constructor(sandbox: WorkerSandbox, key: string, threadId: number, closePort: () => void) {
    this.#sandbox = sandbox;
    this.#key = key;
    this.#threadId = threadId;
    this.#closePort = closePort;
  }

  get alive(): boolean {
    return !this.#disposed && !this.#lost && this.#sandbox.currentThreadId() === this.#threadId;
  }

  async call(op: GuestOp, args: readonly GuestArg[]): Promise<string> {
    if (!this.alive) throw hostError("ADDON_CRASHED", "the instance's worker is gone");
    const reply = await this.#sandbox.run({ kind: "call", instanceKey: this.#key, op, args: [...args] });
    if (reply.envelope === null) {
      this.#lost = true;
      throw hostError("ADDON_CRASHED", "the addon's worker was restarted and lost this instance");
    }
    return reply.envelope;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#closePort();
    this.#sandbox.run({ kind: "dispose", instanceKey: this.#key }).catch(() => {});
  }
}
