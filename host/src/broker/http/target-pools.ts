import type { Target } from "@opsconductor/sdk";
import { Client, Pool, type Dispatcher } from "undici";
import { pinnedLookup, type AddressBook } from "../core/address-book.ts";
import { httpEndpointOf, type HttpEndpoint } from "./http-endpoint.ts";

/** Small devices choke on many parallel connections; requests past this queue in the pool. */
const CONNECTIONS_PER_TARGET = 4;
const KEEP_ALIVE_MS = 10_000;

interface TargetDispatchers {
  endpoint: HttpEndpoint;
  options: Client.Options;
  pool: Pool;
  /** One connection kept for NTLM, which authenticates a connection rather than a request. */
  ntlm?: Client;
  /** Serializes NTLM handshakes: two interleaved on one connection would reset each other. */
  ntlmQueue: Promise<unknown>;
}

/**
 * One undici Pool per target, created on first use and connected to the target's
 * pinned address (the Host header and TLS SNI keep the configured name); closed
 * with the instance.
 */
export class TargetPools {
  readonly #addresses: AddressBook;
  readonly #timeoutMs: number;
  readonly #byTarget = new Map<string, Promise<TargetDispatchers>>();
  #closed = false;

  constructor(addresses: AddressBook, timeoutMs: number) {
    this.#addresses = addresses;
    this.#timeoutMs = timeoutMs;
  }

  async pool(target: Target): Promise<{ endpoint: HttpEndpoint; pool: Dispatcher }> {
    const dispatchers = await this.#dispatchers(target);
    return { endpoint: dispatchers.endpoint, pool: dispatchers.pool };
  }

  /** Runs `handshake` alone on the target's NTLM connection. */
  async withNtlmConnection<T>(target: Target, handshake: (client: Dispatcher, endpoint: HttpEndpoint) => Promise<T>): Promise<T> {
    const dispatchers = await this.#dispatchers(target);
    dispatchers.ntlm ??= new Client(dispatchers.endpoint.origin, dispatchers.options);
    const client = dispatchers.ntlm;
    const run = dispatchers.ntlmQueue.then(() => handshake(client, dispatchers.endpoint));
    dispatchers.ntlmQueue = run.catch(() => undefined);
    return run;
  }

  /** Destroys every pool and connection (in-flight requests fail). */
  async close(): Promise<void> {
    this.#closed = true;
    const all = await Promise.allSettled(this.#byTarget.values());
    this.#byTarget.clear();
    await Promise.allSettled(all.flatMap((settled) => settled.status === "fulfilled"
      ? [settled.value.pool.destroy(), ...(settled.value.ntlm ? [settled.value.ntlm.destroy()] : [])]
      : []));
  }

  #dispatchers(target: Target): Promise<TargetDispatchers> {
    let dispatchers = this.#byTarget.get(target.id);
    if (!dispatchers) {
      dispatchers = this.#create(target);
      this.#byTarget.set(target.id, dispatchers);
      dispatchers.catch(() => this.#byTarget.delete(target.id));
    }
    return dispatchers;
  }

  async #create(target: Target): Promise<TargetDispatchers> {
    const endpoint = httpEndpointOf(target);
    const options = await this.#clientOptions(target, endpoint);
    if (this.#closed) throw new Error("closed");
    return { endpoint, options, pool: new Pool(endpoint.origin, { ...options, connections: CONNECTIONS_PER_TARGET }), ntlmQueue: Promise.resolve() };
  }

  async #clientOptions(target: Target, endpoint: HttpEndpoint): Promise<Client.Options> {
    const pinned = await this.#addresses.resolve(target);
    return {
      // HTTP/1.1 only: devices rarely speak h2, and NTLM needs HTTP/1.1 connection semantics.
      allowH2: false,
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      connect: {
        lookup: pinnedLookup(pinned),
        timeout: this.#timeoutMs,
        rejectUnauthorized: endpoint.verifyTls,
        ...(endpoint.ca ? { ca: endpoint.ca } : {}),
      },
    };
  }
}
