// Test support: a real HTTP or HTTPS server on loopback that records what it received.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { selfSignedCertificate } from "../../../../test/sim/tls/self-signed.ts";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Which TCP connection carried it (1, 2, ...), for keep-alive and NTLM assertions. */
  connection: number;
}

export type Handler = (request: IncomingMessage & { body: string; connection: number }, response: ServerResponse) => void;

export interface TestServer {
  port: number;
  received: ReceivedRequest[];
  /** Connections currently open. */
  openConnections(): number;
  close(): Promise<void>;
}

export async function startTestServer(handler: Handler, options: { tls?: boolean } = {}): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const ids = new WeakMap<Socket, number>();
  let nextId = 0;
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const connection = ids.get(request.socket) ?? 0;
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body, connection });
      handler(Object.assign(request, { body, connection }), response);
    });
  };
  const server: Server = options.tls ? createHttpsServer(selfSignedCertificate(), listener) : createHttpServer(listener);
  server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => {
    ids.set(socket, ++nextId);
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    openConnections: () => sockets.size,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
