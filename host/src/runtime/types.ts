import type {
  ConnectionTestResult, Device, ErrorData, MappingSnapshot, NormalizedAlert, OcError, PushMessage, RawEvent, Target, TargetOutcome,
  WebhookMessage,
} from "@opsconductor/sdk";
import type { TrustLevel } from "@opsconductor/sdk/node";
import type { HostCapabilities } from "./capabilities.ts";

export type RuntimeKind = "isolate" | "worker";

/**
 * A webhook delivery whose body is still the sender's JSON text. The sandbox parses it into
 * the message's `body` before `receive` sees it, so the host never parses a body it only
 * passes on; a body that is not JSON fails the call with ADDON_MESSAGE_INVALID.
 */
export interface WebhookTextMessage extends Omit<WebhookMessage, "body"> {
  bodyText: string;
}

/** What `receive` takes: a pushed message, or a webhook with its body as text. */
export type ReceivedMessage = PushMessage | WebhookTextMessage;

/** Trust level of the key that signed an addon (DESIGN §4.2): the sdk's. */
export type { TrustLevel };

/** Resource limits of one addon version; every field has a default (see `limits.ts`). */
export interface AddonLimits {
  /** Heap of the isolate, or old-generation size of the worker, in MiB. */
  memoryMb?: number;
  /** CPU budget of one call into the sandbox (a poll, a normalize batch, ...), in ms. */
  cpuTimeoutMs?: number;
  /** Wall-clock deadline of calls that do not name one (receive, testConnection, syncDevices, getDeviceInfo), in ms. */
  callDeadlineMs?: number;
  /** Raw events normalized per crossing of the sandbox boundary. */
  normalizeBatchSize?: number;
  /** First restart delay after a crash; doubled per consecutive crash. */
  restartBaseMs?: number;
  /** Cap of the restart delay. */
  restartMaxMs?: number;
  /** Worker runtime: calls running at once in the addon's worker (they interleave on its event loop). */
  workerConcurrency?: number;
}

/** One verified addon version, ready to run. */
export interface AddonBundle {
  id: string;
  version: string;
  /** `backend/index.js`: one ESM bundle whose default export is `defineAddon({ connector, normalizer })`. */
  bundleCode: string;
  runtime: RuntimeKind;
  /** Trust level of its signing key; `community` (the default) may only use the isolate runtime. */
  trust?: TrustLevel;
  limits?: AddonLimits;
}

/** Names a loaded addon version. */
export interface AddonRef {
  id: string;
  version: string;
}

export interface InstanceSpec {
  addon: AddonRef;
  /** Non-secret configuration only: it is copied into the sandbox as `ctx.config`. */
  config: Readonly<Record<string, unknown>>;
  targets: readonly Target[];
  mappings: MappingSnapshot;
  capabilities: HostCapabilities;
}

export interface CallOptions {
  /** Wall-clock budget of the whole call, host waits included. */
  deadlineMs?: number;
  /** Stops the call early (scheduler shutdown); the guest's work is dropped, not counted as a crash. */
  signal?: AbortSignal;
}

/** A poll, run and normalized in the sandbox, validated on the host. */
export interface PollOutput {
  connectorType: string;
  alerts: NormalizedAlert[];
  /** True: the alerts are everything currently wrong at the ok targets (resolve by absence). */
  snapshot: boolean;
  targets: TargetOutcome[];
  /** Raw events the connector returned. */
  rawCount: number;
  /** Raw events the normalizer dropped (returned null: event type disabled). */
  dropped: number;
  /**
   * Raw events whose alerts were refused (the normalizer threw, or made something that is
   * not a NormalizedAlert), per target they name: null for events naming none of the
   * instance's targets. The other alerts of the poll stand.
   */
  refused: RefusedEvents[];
}

/**
 * How many of a poll's events naming one target (`null`: none of the instance's) brought no
 * alert because the normalizer threw on them or made an invalid one, and the first one's error.
 */
export interface RefusedEvents {
  target: string | null;
  count: number;
  first: ErrorData;
}

/** What became of one message of `receiveBatch`: its checked alerts, or why it failed (an `ADDON_*` OcError). */
export type ReceiveOutcome = { alerts: NormalizedAlert[]; error?: undefined } | { alerts?: undefined; error: OcError };

export interface RecordedError extends ErrorData {
  at: string;
}

/** Counters of one addon version, across its instances and restarts. */
export interface AddonRuntimeStats {
  id: string;
  version: string;
  runtime: RuntimeKind;
  instances: number;
  polls: number;
  /** Calls of any kind that ended in an error (poll failures, crashes, invalid results). */
  failures: number;
  /** Instances rebuilt after a crash (timeout, memory, deadline). */
  restarts: number;
  cpuTimeMs: number;
  heapUsedBytes: number;
  capabilityCalls: number;
  /** Bytes of capability arguments and results that crossed the boundary. */
  capabilityBytes: number;
  /** Capability calls made while no operation of their instance ran (code left running after a poll): held unanswered. */
  capabilityCallsOutsideOperations: number;
  lastError: RecordedError | null;
}

/**
 * Runs addon code in a sandbox (DESIGN §4.3): one interface, an isolated-vm and a
 * worker-thread implementation. Every method fails with an `OcError` carrying an
 * `ADDON_*` code; faults of one addon never reach the host or the other addons.
 */
export interface AddonRuntime {
  /** Compiles and checks the bundle; fails with ADDON_BUNDLE_INVALID. */
  load(addon: AddonBundle): Promise<void>;
  /** Starts a connector instance (its connector and normalizer) in the addon's sandbox. */
  createInstance(instanceId: string, spec: InstanceSpec): Promise<void>;
  /** connector.poll, then normalizer.normalize over its events in batches; everything validated host-side. */
  poll(instanceId: string, options?: CallOptions): Promise<PollOutput>;
  testConnection(instanceId: string, options?: CallOptions): Promise<ConnectionTestResult>;
  /** A trap or webhook routed to this instance: connector.receive, then the normalizer. */
  receive(instanceId: string, message: ReceivedMessage, options?: CallOptions): Promise<NormalizedAlert[]>;
  /**
   * Many traps or webhooks routed to this instance in one crossing of the sandbox boundary:
   * connector.receive for each, then the normalizer over all their events in batches, every
   * answer checked as strictly as by `receive`. One outcome per message, in order: a message
   * whose receive throws, returns garbage or whose events the normalizer fails on fails
   * alone. Rejects only when no message got through (unknown instance, a crash while
   * receiving); a crash while normalizing fails the messages not yet normalized.
   */
  receiveBatch(instanceId: string, messages: readonly PushMessage[], options?: CallOptions): Promise<ReceiveOutcome[]>;
  syncDevices(instanceId: string, options?: CallOptions): Promise<Device[]>;
  /**
   * connector.getDeviceInfo for one device by its external id: the Device (checked like a
   * device sync's, and for that external id), or null when the source no longer knows it.
   * ADDON_METHOD_UNSUPPORTED when the connector has no getDeviceInfo.
   */
  getDeviceInfo(instanceId: string, externalId: string, options?: CallOptions): Promise<Device | null>;
  /**
   * The normalizer alone over host-supplied raw events, in batches: objects, or their JSON
   * text as a source delivered it (parsed on both sides at once; VALIDATION_FAILED when it
   * is not an array of raw events).
   */
  normalize(instanceId: string, events: readonly RawEvent[] | string, options?: CallOptions): Promise<NormalizedAlert[]>;
  /** New mapping rows (an admin edit): the instance's normalizer is rebuilt with them. */
  updateMappings(instanceId: string, snapshot: MappingSnapshot): Promise<void>;
  disposeInstance(instanceId: string): Promise<void>;
  /** Disposes the addon version's instances and its sandbox. */
  unload(addon: AddonRef): Promise<void>;
  stats(): AddonRuntimeStats[];
  /** Unloads everything. */
  close(): Promise<void>;
}
