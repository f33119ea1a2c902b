import { toErrorData, type NormalizedAlert, type TrapMessage } from "@opsconductor/sdk";
import type { AlertSink } from "../alerts/types.ts";
import type { ConnectorInstances, RunningInstance } from "../addons/instances.ts";
import type { ReceivedTrap } from "./net-snmp-receiver.ts";
import { TrapBatcher, type TrapAnswer, type TrapOutcome } from "./trap-batcher.ts";
import { TrapListener } from "./trap-listener.ts";
import { plainAddress, toTrapMessage } from "./trap-message.ts";
import { routeTrap, trapRoutes } from "./trap-routes.ts";

/** What GET /traps shows. */
export interface TrapStats {
  listening: boolean;
  /** The address and port bound (null until listening). */
  host: string | null;
  port: number | null;
  received: number;
  /** Handed to an instance's `receive` (queued for it, in arrival order). */
  routed: number;
  /** Matched an instance whose queue was full (it fell behind): dropped, never received. Not in `routed`. */
  dropped: number;
  /** No enabled trap instance lists the source address with the credential it used. */
  unrouted: number;
  /** Refused before routing: unknown community or user, malformed packet. */
  rejected: number;
  /** Routed, but the addon's `receive` failed. */
  failed: number;
  alerts: number;
  last_unrouted: { address: string; trap_oid: string } | null;
}

export interface TrapServiceOptions {
  instances: ConnectorInstances;
  alerts: AlertSink;
  log: (line: string) => void;
  host: string;
  port: number;
  /** Traps waiting per instance before more are dropped (default 10,000). */
  maxQueued?: number;
  /** Traps per batch: one sandbox crossing and one alert ingest each (default 256). */
  batchSize?: number;
  /** Called after each batch an instance stored (the platform marks a new connector 'ok'). */
  onStored?: (connectorId: string) => void;
}

/** Log the first few of a kind, then one in this many: a chatty device cannot flood the log. */
const LOG_FIRST = 20;
const LOG_EVERY = 1000;

/**
 * SNMP traps (DESIGN §3, push sources): one listener for the host, each trap routed by its
 * source address to the enabled `traps` instance whose targets list it, then the addon's
 * `receive` → normalizer → AlertManager. Routed traps queue per instance (bounded, in arrival
 * order) and drain in micro-batches: one `receiveBatch` into the sandbox (each trap failing
 * alone), then one alert ingest per batch. Nothing a sender does can crash it: failures and
 * drops are counted and logged.
 */
export class TrapService {
  readonly #options: TrapServiceOptions;
  readonly #listener: TrapListener;
  #routes = new Map<string, RunningInstance[]>();
  #stats: TrapStats = { listening: false, host: null, port: null, received: 0, routed: 0, unrouted: 0, rejected: 0, failed: 0, dropped: 0, alerts: 0, last_unrouted: null };
  #unsubscribe: (() => void) | undefined;
  readonly #batcher: TrapBatcher<TrapMessage, NormalizedAlert[]>;

  constructor(options: TrapServiceOptions) {
    this.#options = options;
    this.#listener = new TrapListener({
      host: options.host, port: options.port,
      onTrap: (trap) => this.#onTrap(trap),
      onRejected: (error) => this.#onRejected(error),
    });
    this.#batcher = new TrapBatcher({
      receive: (connectorId, messages) => options.instances.operate(connectorId, async (current) => {
        const outcomes = await current.loaded.runtime.receiveBatch(current.instanceId, messages);
        return outcomes.map((outcome): TrapAnswer<NormalizedAlert[]> => (outcome.error ? { error: outcome.error } : { result: outcome.alerts }));
      }),
      deliver: (connectorId, outcomes) => this.#deliver(connectorId, outcomes),
      maxQueued: options.maxQueued ?? 10_000,
      batchSize: options.batchSize ?? 256,
    });
  }

  /** Starts listening; a port it cannot bind (162 without privileges) is logged, not fatal. */
  async start(): Promise<void> {
    this.#unsubscribe = this.#options.instances.onChange(() => this.#rebuild());
    try {
      this.#stats.port = await this.#listener.start();
      this.#stats.host = this.#options.host;
      this.#stats.listening = true;
      this.#rebuild();
    } catch (error) {
      const { code, message } = toErrorData(error);
      this.#options.log(`traps: ${code}: ${message} (SNMP traps are not received: check --trap-host and --trap-port)`);
    }
  }

  stats(): TrapStats {
    return { ...this.#stats };
  }

  async close(): Promise<void> {
    this.#unsubscribe?.();
    this.#stats.listening = false;
    await this.#listener.close();
    await this.#batcher.idle();
  }

  #rebuild(): void {
    const instances = this.#options.instances.list();
    this.#routes = trapRoutes(instances);
    this.#listener.setCredentials(instances.flatMap((running) => (running.trapCredentials ? [running.trapCredentials] : [])));
  }

  #onTrap(trap: ReceivedTrap): void {
    this.#stats.received += 1;
    let message;
    try {
      message = toTrapMessage(trap);
    } catch (error) {
      this.#onRejected(error as Error);
      return;
    }
    const running = routeTrap(this.#routes, message.source.address, { community: trap.pdu.community, user: trap.pdu.user });
    if (!running) {
      this.#stats.unrouted += 1;
      this.#stats.last_unrouted = { address: message.source.address, trap_oid: message.trapOid };
      this.#sample(this.#stats.unrouted, `traps: unrouted ${message.version} trap ${message.trapOid} from ${message.source.address} (no enabled trap connector lists it with that credential)`);
      return;
    }
    if (!this.#batcher.push(running.connectorId, message)) {
      this.#stats.dropped += 1;
      this.#sample(this.#stats.dropped, `traps: dropped a ${message.version} trap ${message.trapOid} from ${message.source.address}: connector ${running.connectorId} has too many traps waiting`);
      return;
    }
    this.#stats.routed += 1;
  }

  /** One batch of an instance's traps, in arrival order: their alerts in one ingest. */
  #deliver(connectorId: string, outcomes: Array<TrapOutcome<TrapMessage, NormalizedAlert[]>>): void {
    const alerts: NormalizedAlert[] = [];
    let received = 0;
    for (const outcome of outcomes) {
      if (outcome.result) {
        received += 1;
        for (const alert of outcome.result) alerts.push(alert);
        continue;
      }
      this.#stats.failed += 1;
      const { code, message: text } = toErrorData(outcome.error);
      this.#sample(this.#stats.failed, `traps: connector ${connectorId} could not take a trap from ${outcome.message.source.address}: ${code}: ${text}`);
    }
    if (received === 0) return;
    this.#stats.alerts += alerts.length;
    try {
      this.#options.instances.assertStillRunning(connectorId, `a batch of ${received} trap(s)`);
      this.#options.alerts.ingest(connectorId, alerts);
      this.#options.onStored?.(connectorId);
    } catch (error) {
      this.#stats.failed += received;
      const { code, message: text } = toErrorData(error);
      this.#sample(this.#stats.failed, `traps: connector ${connectorId} could not store the alerts of ${received} trap(s): ${code}: ${text}`);
    }
  }

  #onRejected(error: Error & { rinfo?: { address: string } }): void {
    this.#stats.rejected += 1;
    const from = error.rinfo ? ` from ${plainAddress(error.rinfo.address)}` : "";
    this.#sample(this.#stats.rejected, `traps: rejected a packet${from}: ${error.message}`);
  }

  #sample(count: number, line: string): void {
    if (count <= LOG_FIRST || count % LOG_EVERY === 0) this.#options.log(line);
  }
}
