// The Piscina task handler of an addon's worker thread: imports the addon's bundle once,
// holds its instances (guest dispatchers), and answers the host's tasks.
import { getHeapStatistics } from "node:v8";
import { threadId } from "node:worker_threads";
import { workerData } from "piscina";
import { createGuestDispatcher } from "../guest/guest-dispatcher.ts";
import type { GuestDispatch } from "../guest/protocol.ts";
import { portHostCall } from "./port-bridge.ts";
import type { WorkerData, WorkerReply, WorkerTask } from "./worker-protocol.ts";

interface HostedInstance {
  dispatch: GuestDispatch;
  /** Settles when the host disposes the instance, so its stuck calls give their task slot back. */
  stopped: Promise<string>;
  stop(): void;
}

const STOPPED = JSON.stringify({ ok: false, error: { code: "ADDON_INSTANCE_STOPPED", message: "the instance was stopped" } });
const instances = new Map<string, HostedInstance>();
let addonModule: Promise<unknown> | undefined;

function loadAddon(): Promise<unknown> {
  addonModule ??= import((workerData as WorkerData).bundleUrl);
  return addonModule;
}

export default async function handleTask(task: WorkerTask): Promise<WorkerReply> {
  const envelope = await answer(task);
  return { envelope, threadId, heapUsedBytes: getHeapStatistics().used_heap_size };
}

async function answer(task: WorkerTask): Promise<string | null> {
  switch (task.kind) {
    case "probe":
      return probe();
    case "start": {
      const { hostCall, close } = portHostCall(task.port);
      const dispatch = createGuestDispatcher(await loadAddon(), hostCall);
      let settle: (envelope: string) => void = () => {};
      const stopped = new Promise<string>((resolve) => (settle = resolve));
      instances.set(task.instanceKey, { dispatch, stopped, stop: () => { settle(STOPPED); close(); } });
      return dispatch("start", task.init);
    }
    case "call": {
      const instance = instances.get(task.instanceKey);
      if (!instance) return null;
      const [a, b, c] = task.args;
      return Promise.race([instance.dispatch(task.op, a, b, c), instance.stopped]);
    }
    case "dispose":
      instances.get(task.instanceKey)?.stop();
      instances.delete(task.instanceKey);
      return JSON.stringify({ ok: true, value: null });
  }
}

async function probe(): Promise<string> {
  let exported: { connector?: unknown; normalizer?: unknown } | undefined;
  try {
    exported = ((await loadAddon()) as { default?: typeof exported }).default;
  } catch (error) {
    return JSON.stringify({ ok: false, error: { code: "ADDON_BUNDLE_INVALID", message: `the bundle does not load: ${(error as Error)?.message ?? String(error)}` } });
  }
  if (typeof exported?.connector !== "function" || typeof exported?.normalizer !== "function") {
    return JSON.stringify({ ok: false, error: { code: "ADDON_BUNDLE_INVALID", message: "the bundle's default export is not defineAddon({ connector, normalizer })" } });
  }
  return JSON.stringify({ ok: true, value: null });
}
