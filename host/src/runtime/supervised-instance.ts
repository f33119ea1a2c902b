import type { ConnectionTestResult, Device, MappingSnapshot, NormalizedAlert, PushMessage, RawEvent } from "@opsconductor/sdk";
import { OcError } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import type { Clock } from "../util/clock.ts";
import type { AddonStats } from "./addon-stats.ts";
import { sleep, untilDeadline } from "./deadline.ts";
import { isCrash } from "./faults.ts";
import { readEnvelope } from "./guest/envelope.ts";
import type { GuestArg, GuestOp } from "./guest/protocol.ts";
import { createHostBridge } from "./host-bridge.ts";
import type { ResolvedLimits } from "./limits.ts";
import { RestartBackoff } from "./restart-backoff.ts";
import { collectAlerts, type RefusedEvent } from "./alert-batch.ts";
import { pipelined } from "./pipelined.ts";
import { normalizeReceived, readReceivedBatch } from "./received-batch.ts";
import { parseRawEventsJson, validConnectionTest, validDeviceInfo, validDevices, validPollResult, validRawEvents } from "./result-validation.ts";
import type { Sandbox, SandboxInstance } from "./sandbox.ts";
import type { CallOptions, InstanceSpec, PollOutput, ReceivedMessage, ReceiveOutcome, RefusedEvents } from "./types.ts";

/** The addon version an instance runs in, as the supervisor holds it. */
export interface LoadedAddon {
  sandbox: Sandbox;
  limits: ResolvedLimits;
  stats: AddonStats;
}

/** Normalize batches kept in flight at once (bounds the memory a big run holds). */
const BATCHES_AHEAD = 3;

/** The guest ops that run the connector's code with its ctx: its capability calls are answered only while one runs. */
const OPERATIONS: ReadonlySet<GuestOp> = new Set<GuestOp>(["poll", "testConnection", "syncDevices", "getDeviceInfo", "receive", "receiveBatch"]);

/**
 * How long an operation counts as running after its answer came. A worker's capability calls
 * travel on its own port and its answer on Piscina's, in no set order: a call made just before
 * the return could land after the answer (20 log lines of 1,000 did, under load). Code left
 * running gets this much longer, once per operation.
 */
const OPERATION_GRACE_MS = 250;

interface CallScope {
  deadlineAt: number;
  signal: AbortSignal | undefined;
}

/**
 * One connector instance under supervision: starts its guest, runs each call under the
 * wall-clock deadline, checks every answer, and after a crash rebuilds the guest — no
 * sooner than the restart back-off allows.
 */
export class SupervisedInstance {
  readonly id: string;
  readonly #addon: LoadedAddon;
  readonly #spec: InstanceSpec;
  readonly #clock: Clock;
  readonly #backoff: RestartBackoff;
  readonly #targetIds: ReadonlySet<string>;
  #mappings: MappingSnapshot;
  #current: SandboxInstance | null = null;
  #starting: Promise<SandboxInstance> | null = null;
  /** Bumped at every (re)start and at dispose: a bridge from an older generation is closed. */
  #generation = 0;
  #started = false;
  #disposed = false;
  /** Calls of OPERATIONS under way (a poll and a webhook delivery may overlap). */
  #operationsInFlight = 0;

  constructor(id: string, addon: LoadedAddon, spec: InstanceSpec, clock: Clock) {
    this.id = id;
    this.#addon = addon;
    this.#spec = spec;
    this.#clock = clock;
    this.#mappings = spec.mappings;
    this.#targetIds = new Set(spec.targets.map((target) => target.id));
    this.#backoff = new RestartBackoff(addon.limits.restartBaseMs, addon.limits.restartMaxMs, clock);
  }

  get connectorType(): string {
    return this.#mappings.connector_type;
  }

  async start(): Promise<void> {
    await this.#ready(this.#scope(undefined));
  }

  async poll(options: CallOptions | undefined): Promise<PollOutput> {
    const scope = this.#scope(options);
    const holder = await this.#holder(scope);
    const { value, token } = keptAnswer(await this.#call("poll", [], scope), "result");
    try {
      const result = validPollResult(value, this.#targetIds);
      const { alerts, dropped, refused } = await this.#normalizeKept(holder, token, result.events, scope);
      return {
        connectorType: this.connectorType, alerts, snapshot: result.snapshot, targets: result.targets,
        rawCount: result.events.length, dropped, refused: refusedByTarget(refused, result.events, this.#targetIds),
      };
    } finally {
      this.#release(holder, token);
    }
  }

  async receive(message: ReceivedMessage, options: CallOptions | undefined): Promise<NormalizedAlert[]> {
    const scope = this.#scope(options);
    const holder = await this.#holder(scope);
    const { value, token } = keptAnswer(await this.#call("receive", receiveArgs(message), scope), "events");
    try {
      const events = validRawEvents(value, "received event");
      return allAccepted(await this.#normalizeKept(holder, token, events, scope));
    } finally {
      this.#release(holder, token);
    }
  }

  async receiveBatch(messages: readonly PushMessage[], options: CallOptions | undefined): Promise<ReceiveOutcome[]> {
    if (messages.length === 0) return [];
    const scope = this.#scope(options);
    // The guest that will hold the events: once it is gone, so are they (a restarted one never had them).
    const holder = await this.#holder(scope);
    const answer = await this.#call("receiveBatch", [JSON.stringify(messages)], scope);
    const { token } = keptAnswer(answer, "results");
    try {
      return await normalizeReceived(readReceivedBatch(answer, messages.length), {
        size: this.#addon.limits.normalizeBatchSize, ahead: BATCHES_AHEAD, connectorType: this.connectorType,
        normalize: (start, end) => this.#normalizePending(holder, token, start, end, scope),
      });
    } finally {
      this.#release(holder, token);
    }
  }

  /**
   * The normalizer alone over raw events given as host objects (a structured copy into the
   * sandbox per batch) or as their JSON text, as a source delivered them. Text crosses once
   * as a string (a copy of bytes); the guest parses and keeps the events while the host
   * parses its own copy, and they are normalized like a poll's.
   */
  async normalize(events: readonly RawEvent[] | string, options: CallOptions | undefined): Promise<NormalizedAlert[]> {
    const scope = this.#scope(options);
    if (typeof events === "string") return this.#normalizeJson(events, scope);
    const alerts: NormalizedAlert[] = [];
    await this.#inBatches(
      events.length,
      (start, end) => this.#call("normalize", [events.slice(start, end)], scope),
      (batch, start, end) => {
        throwFirstRefused(collectAlerts(batch, events, start, end - start, this.connectorType, alerts).refused);
      },
    );
    return alerts;
  }

  async testConnection(options: CallOptions | undefined): Promise<ConnectionTestResult> {
    try {
      return validConnectionTest(await this.#call("testConnection", [], this.#scope(options)));
    } catch (error) {
      // A connector that throws (often a broker error it did not catch) simply failed the test.
      if (OcError.is(error, "ADDON_CALL_FAILED")) {
        const addonCode = error.details?.addonCode;
        return { ok: false, code: typeof addonCode === "string" ? addonCode : error.code, message: error.message };
      }
      throw error;
    }
  }

  async syncDevices(options: CallOptions | undefined): Promise<Device[]> {
    return validDevices(await this.#call("syncDevices", [], this.#scope(options)));
  }

  async getDeviceInfo(externalId: string, options: CallOptions | undefined): Promise<Device | null> {
    return validDeviceInfo(await this.#call("getDeviceInfo", [externalId], this.#scope(options)), externalId);
  }

  async updateMappings(snapshot: MappingSnapshot): Promise<void> {
    this.#mappings = snapshot;
    // A stopped guest picks the new rows up when it restarts.
    if (this.#current?.alive) await this.#call("updateMappings", [JSON.stringify(snapshot)], this.#scope(undefined));
  }

  dispose(): void {
    this.#disposed = true;
    this.#generation += 1;
    this.#current?.dispose();
    this.#current = null;
  }

  #scope(options: CallOptions | undefined): CallScope {
    const deadlineMs = options?.deadlineMs ?? this.#addon.limits.callDeadlineMs;
    return { deadlineAt: this.#clock.now() + deadlineMs, signal: options?.signal };
  }

  /** One guest op under the scope's deadline; the envelope's value, or its error thrown. */
  async #call(op: GuestOp, args: readonly GuestArg[], scope: CallScope): Promise<unknown> {
    // A live instance is called at once, not a tick later: the call is on its way before the caller's next synchronous work.
    const instance = this.#live() ?? await this.#ready(scope);
    const operation = OPERATIONS.has(op);
    if (operation) this.#operationsInFlight += 1;
    let answer: string;
    try {
      answer = await untilDeadline(instance.call(op, args), scope.deadlineAt - this.#clock.now(), scope.signal, () => instance.dispose());
    } catch (error) {
      if (isCrash(error)) this.#crashed(instance);
      throw error;
    } finally {
      if (operation) setTimeout(() => (this.#operationsInFlight -= 1), OPERATION_GRACE_MS).unref();
    }
    this.#backoff.succeeded();
    return readEnvelope(answer);
  }

  async #normalizeJson(json: string, scope: CallScope): Promise<NormalizedAlert[]> {
    const holder = await this.#holder(scope);
    // Issued before the host parses, so the guest parses its copy at the same time.
    const keeping = this.#call("keepEvents", [json], scope);
    let events: RawEvent[];
    try {
      events = parseRawEventsJson(json);
    } catch (error) {
      // Best effort: a failed or malformed answer left nothing to release.
      keeping.then((answer) => this.#release(holder, keptAnswer(answer, "kept").token)).catch(() => {});
      throw error;
    }
    const { value: kept, token } = keptAnswer(await keeping, "kept");
    try {
      if (kept !== events.length) throw hostError("ADDON_RESULT_INVALID", `the sandbox kept ${String(kept)} events of ${events.length}`);
      return allAccepted(await this.#normalizeKept(holder, token, events, scope));
    } finally {
      this.#release(holder, token);
    }
  }

  /** Normalizes the events `holder` keeps under `token` (a poll's, a delivery's), in batches, and checks each alert. */
  async #normalizeKept(holder: SandboxInstance, token: number, events: RawEvent[], scope: CallScope): Promise<NormalizedEvents> {
    const alerts: NormalizedAlert[] = [];
    const refused: RefusedEvent[] = [];
    let dropped = 0;
    await this.#inBatches(
      events.length,
      (start, end) => this.#normalizePending(holder, token, start, end, scope),
      (batch, start, end) => {
        const collected = collectAlerts(batch, events, start, end - start, this.connectorType, alerts);
        dropped += collected.dropped;
        for (const event of collected.refused) refused.push(event);
      },
    );
    return { alerts, dropped, refused };
  }

  /**
   * Runs `count` items through the guest in batches, a few batches ahead: the sandbox
   * (its own thread) normalizes the next batches while the host checks this one. Results
   * are consumed in order; the first failure fails the whole run.
   */
  async #inBatches(count: number, call: (start: number, end: number) => Promise<unknown>, consume: (batch: unknown, start: number, end: number) => void): Promise<void> {
    const size = this.#addon.limits.normalizeBatchSize;
    const span = (k: number) => [k * size, Math.min(count, (k + 1) * size)] as const;
    await pipelined(Math.ceil(count / size), BATCHES_AHEAD, (k) => call(...span(k)), (k, settled) => {
      if (settled.status === "rejected") throw settled.reason;
      consume(settled.value, ...span(k));
    });
  }

  /**
   * One batch of the events `holder` keeps. Once it is gone, so are they: a guest started since
   * never had them (it would answer that it has no such events, which is no fault of the addon's).
   */
  #normalizePending(holder: SandboxInstance, token: number, start: number, end: number, scope: CallScope): Promise<unknown> {
    if (holder !== this.#current || !holder.alive) {
      return Promise.reject(hostError("ADDON_CRASHED", "the addon's sandbox stopped before it normalized the events it was given"));
    }
    return this.#call("normalizePending", [token, start, end], scope);
  }

  /**
   * Lets the guest that kept events forget them (best effort: a dead guest forgot them anyway).
   * Only that guest: tokens start again at 1 in a restarted one, where this token may be another call's.
   */
  #release(holder: SandboxInstance, token: number): void {
    if (token > 0 && holder === this.#current && holder.alive) holder.call("releasePending", [token]).catch(() => {});
  }

  /** The live guest, or one started for this scope: the one a call that keeps events will hold them in. */
  #holder(scope: CallScope): SandboxInstance | Promise<SandboxInstance> {
    return this.#live() ?? this.#ready(scope);
  }

  #crashed(instance: SandboxInstance): void {
    this.#backoff.crashed();
    instance.dispose();
  }

  #live(): SandboxInstance | null {
    return !this.#disposed && this.#current?.alive ? this.#current : null;
  }

  #ready(scope: CallScope): Promise<SandboxInstance> {
    if (this.#disposed) return Promise.reject(hostError("ADDON_INSTANCE_STOPPED", `instance ${this.id} was disposed`));
    if (this.#current?.alive) return Promise.resolve(this.#current);
    this.#starting ??= this.#restart(scope).finally(() => {
      this.#starting = null;
    });
    return this.#starting;
  }

  async #restart(scope: CallScope): Promise<SandboxInstance> {
    const wait = this.#backoff.waitMs();
    if (wait > 0) {
      if (this.#clock.now() + wait > scope.deadlineAt) {
        throw hostError("ADDON_RESTARTING", `the addon crashed and restarts in ${wait} ms`, { retryAfterMs: wait });
      }
      await sleep(wait);
    }
    this.#current?.dispose();
    this.#current = null;
    const generation = ++this.#generation;
    const hostCall = createHostBridge(this.#spec.capabilities, this.#addon.stats, {
      isOpen: () => generation === this.#generation && !this.#disposed,
      inOperation: () => this.#operationsInFlight > 0,
    });
    const init = { config: this.#spec.config, targets: this.#spec.targets, mappings: this.#mappings };
    const starting = this.#addon.sandbox.startInstance(init, hostCall);
    let instance: SandboxInstance;
    try {
      instance = await untilDeadline(starting, scope.deadlineAt - this.#clock.now(), scope.signal, () => {
        starting.then((late) => late.dispose(), () => {});
      });
    } catch (error) {
      if (isCrash(error)) this.#backoff.crashed();
      throw error;
    }
    if (this.#disposed || generation !== this.#generation) {
      instance.dispose();
      throw hostError("ADDON_INSTANCE_STOPPED", `instance ${this.id} was disposed while starting`);
    }
    if (this.#started) this.#addon.stats.restarts += 1;
    this.#started = true;
    this.#current = instance;
    return instance;
  }
}

interface NormalizedEvents {
  alerts: NormalizedAlert[];
  dropped: number;
  refused: RefusedEvent[];
}

/** The alerts of a message (a webhook's, a trap's), which stands or falls whole: its first refused event fails it. */
function allAccepted({ alerts, refused }: NormalizedEvents): NormalizedAlert[] {
  throwFirstRefused(refused);
  return alerts;
}

function throwFirstRefused(refused: readonly RefusedEvent[]): void {
  if (refused.length > 0) throw refused[0]!.error;
}

/** A poll's refused events counted per target they name (null: none of the instance's), each with the first one's error. */
function refusedByTarget(refused: readonly RefusedEvent[], events: readonly RawEvent[], targetIds: ReadonlySet<string>): RefusedEvents[] {
  const byTarget = new Map<string | null, RefusedEvents>();
  for (const { index, error } of refused) {
    const named = events[index]?.target;
    const target = typeof named === "string" && targetIds.has(named) ? named : null;
    const group = byTarget.get(target);
    if (group) group.count++;
    else byTarget.set(target, { target, count: 1, first: error.toData() });
  }
  return [...byTarget.values()];
}

/** The message as JSON text; a webhook's body text travels beside it, for the guest to parse. */
function receiveArgs(message: ReceivedMessage): GuestArg[] {
  if (!("bodyText" in message)) return [JSON.stringify(message)];
  const { bodyText, ...rest } = message;
  return [JSON.stringify(rest), bodyText];
}

/** `{<key>: value, token}` from poll/receive/receiveBatch/keepEvents; the token names the events the guest kept. */
function keptAnswer(answer: unknown, key: "result" | "events" | "results" | "kept"): { value: unknown; token: number } {
  if (answer === null || typeof answer !== "object") throw hostError("ADDON_RESULT_INVALID", "the sandbox answered a malformed result");
  const record = answer as Record<string, unknown>;
  const token = typeof record.token === "number" ? record.token : 0;
  return { value: record[key], token };
}
