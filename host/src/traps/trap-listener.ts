import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { hostError } from "../errors.ts";
import { netSnmp, type ReceivedTrap, type SnmpReceiver } from "./net-snmp-receiver.ts";
import type { TrapCredentials } from "./trap-credentials.ts";

/**
 * Receive buffer asked for the trap socket: a burst waits in the kernel while the event loop
 * catches up, instead of being dropped at the socket. Linux caps it at net.core.rmem_max
 * (and doubles it for bookkeeping); the default is about 208 KiB, a few hundred traps.
 */
export const TRAP_RECV_BUFFER_BYTES = 8 * 1024 * 1024;

export interface TrapListenerOptions {
  port: number;
  host: string;
  /** SO_RCVBUF asked for (default TRAP_RECV_BUFFER_BYTES). */
  recvBufferSize?: number;
  /** A trap that passed the community / USM check. */
  onTrap(trap: ReceivedTrap): void;
  /** Anything else net-snmp reports: unknown community or user, a malformed packet, a socket error. */
  onRejected(error: Error & { rinfo?: { address: string } }): void;
}

/**
 * The host's one SNMP trap UDP listener (net-snmp's receiver; v1, v2c, v3, informs
 * acknowledged). The communities and USM users it accepts are the union of the trap
 * connectors' credentials, replaced by `setCredentials` whenever instances change.
 */
export class TrapListener {
  readonly #options: TrapListenerOptions;
  #receiver: SnmpReceiver | undefined;
  #socket: Socket | undefined;

  constructor(options: TrapListenerOptions) {
    this.#options = options;
  }

  /** Binds the port (0: any free one) and resolves with the bound port; TRAP_LISTEN_FAILED otherwise. */
  start(): Promise<number> {
    const { host, port } = this.#options;
    return new Promise((resolve, reject) => {
      let settled = false;
      // Messages count only once bound: a bind error (an unknown --trap-host) reaches the callback too, and is not a packet.
      let listening = false;
      // net-snmp reads port 0 as "the default, 162", and reports bind errors only to its
      // message callback: this dgram stand-in binds the real port and sees both.
      const dgramModule = {
        createSocket: (type: "udp4" | "udp6") => {
          const socket = createSocket({ type, recvBufferSize: this.#options.recvBufferSize ?? TRAP_RECV_BUFFER_BYTES });
          this.#socket = socket;
          const bind = socket.bind.bind(socket);
          (socket as unknown as { bind: (port: number, address: string) => void }).bind = (_port, address) => bind(port, address);
          socket.once("listening", () => {
            settled = true;
            listening = true;
            resolve(socket.address().port);
          });
          socket.once("error", (error: NodeJS.ErrnoException) => {
            if (settled) return;
            settled = true;
            reject(hostError("TRAP_LISTEN_FAILED", `cannot listen for SNMP traps on ${host}:${port}/udp: ${error.code ?? error.message}`));
          });
          return socket;
        },
      };
      this.#receiver = netSnmp.createReceiver({
        port: port || 1, address: host, transport: isIPv6(host) ? "udp6" : "udp4", dgramModule, includeAuthentication: true,
      }, (error, data) => {
        if (!listening) return;
        if (error) this.#options.onRejected(error);
        else if (data) this.#options.onTrap(data);
      });
    });
  }

  /** SO_RCVBUF of the bound socket as the kernel granted it (0 before start). */
  recvBufferSize(): number {
    try {
      return this.#socket?.getRecvBufferSize() ?? 0;
    } catch {
      return 0;
    }
  }

  setCredentials(all: readonly TrapCredentials[]): void {
    const authorizer = this.#receiver?.getAuthorizer();
    if (!authorizer) return;
    const communities = new Set(all.flatMap((credentials) => credentials.communities));
    for (const community of authorizer.getCommunities()) if (!communities.has(community)) authorizer.deleteCommunity(community);
    for (const community of communities) if (!authorizer.getCommunities().includes(community)) authorizer.addCommunity(community);
    for (const user of authorizer.getUsers()) authorizer.deleteUser(user.name);
    for (const user of all.flatMap((credentials) => credentials.users)) authorizer.addUser(user);
  }

  close(): Promise<void> {
    const receiver = this.#receiver;
    this.#receiver = undefined;
    if (!receiver || !this.#socket) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        receiver.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
