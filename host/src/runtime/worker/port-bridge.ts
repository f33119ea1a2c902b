import type { MessagePort } from "node:worker_threads";
import type { HostCall } from "../guest/protocol.ts";
import type { BridgeReply, BridgeRequest } from "./worker-protocol.ts";

/**
 * Worker side: a HostCall over an instance's MessagePort. The capabilities (and the
 * secrets behind them) stay on the main thread; only JSON text crosses.
 */
export function portHostCall(port: MessagePort): { hostCall: HostCall; close(): void } {
  let nextId = 1;
  const waiting = new Map<number, (answer: string) => void>();
  port.on("message", (reply: BridgeReply) => {
    waiting.get(reply.id)?.(reply.answer);
    waiting.delete(reply.id);
  });
  return {
    hostCall: (name, payload) =>
      new Promise<string>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve);
        port.postMessage({ id, name, payload } satisfies BridgeRequest);
      }),
    close() {
      waiting.clear();
      port.close();
    },
  };
}

/** Host side: answers the guest's requests on `port` with `hostCall`; returns the port's close. */
export function servePort(port: MessagePort, hostCall: HostCall): () => void {
  let open = true;
  port.on("message", (request: BridgeRequest) => {
    void hostCall(request?.name, request?.payload).then((answer) => {
      if (open) port.postMessage({ id: request.id, answer } satisfies BridgeReply);
    });
  });
  // The port must not keep the host process alive on its own.
  port.unref();
  return () => {
    open = false;
    port.close();
  };
}
