import type { MessagePort } from "node:worker_threads";
import type { GuestArg, GuestOp } from "../guest/protocol.ts";

/** What the host asks of an addon's worker thread (one Piscina task each). */
export type WorkerTask =
  /** Imports the bundle and checks its default export. */
  | { kind: "probe" }
  /** Starts an instance; `port` carries its capability calls back to the host. */
  | { kind: "start"; instanceKey: string; init: string; port: MessagePort }
  | { kind: "call"; instanceKey: string; op: GuestOp; args: GuestArg[] }
  /** Forgets an instance and settles its stuck calls, freeing their task slots. */
  | { kind: "dispose"; instanceKey: string };

export interface WorkerReply {
  /** The guest's JSON envelope; null when the worker does not know the instance (it was restarted). */
  envelope: string | null;
  threadId: number;
  heapUsedBytes: number;
}

export interface WorkerData {
  /** file: URL of the addon's bundle, written by the host. */
  bundleUrl: string;
}

/** One capability call on an instance's port, and its answer. */
export interface BridgeRequest {
  id: number;
  name: string;
  payload: string;
}

export interface BridgeReply {
  id: number;
  answer: string;
}
