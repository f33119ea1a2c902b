// A load generator on its own thread, so the server under test (the daemon runs in the bench's
// process) never shares its event loop with the client: bodies are serialized before the clock
// starts, then POSTed with a fixed number in flight over kept-alive connections. Both webhook
// peers are driven by it. undici's `request`, not `fetch`: it costs the client half the CPU per
// request (no WHATWG streams), and on this 2-core machine the client's CPU is the servers' loss.
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Pool } from "undici";

export interface LoadPlan {
  url: string;
  headers: Record<string, string>;
  /** One request body each, in order. */
  bodies: string[];
  concurrency: number;
  /** The status every response must have. */
  status: number;
  /** When set, each JSON response's `alerts` must equal this. */
  alertsPerBody?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** CPU time of the load generator's thread, start-up included (to tell it from the server's when both share a process). */
  clientCpuSeconds: number;
}

/** Runs a plan on a fresh worker thread; rejects on the first unexpected response. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: plan });
    worker.once("message", (message: { ok: true; result: LoadResult } | { ok: false; error: string }) => {
      if (message.ok) resolve(message.result);
      else reject(new Error(message.error));
    });
    worker.once("error", reject);
  });
}

async function drive(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.url);
  const pool = new Pool(url.origin, { connections: plan.concurrency });
  let next = 0;
  const started = process.hrtime.bigint();
  try {
    await Promise.all(Array.from({ length: plan.concurrency }, async () => {
      while (next < plan.bodies.length) {
        const body = plan.bodies[next++]!;
        const response = await pool.request({ path: url.pathname + url.search, method: "POST", headers: plan.headers, body });
        const text = await response.body.text();
        if (response.statusCode !== plan.status) throw new Error(`${plan.url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
        if (plan.alertsPerBody !== undefined && (JSON.parse(text) as { alerts?: number }).alerts !== plan.alertsPerBody) {
          throw new Error(`${plan.url} accepted other than ${plan.alertsPerBody} alerts: ${text.slice(0, 300)}`);
        }
      }
    }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // Since the thread started: its start-up is the client's too, not the server's.
    const cpu = process.threadCpuUsage();
    return { requests: plan.bodies.length, seconds, clientCpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await pool.close();
  }
}

if (!isMainThread && parentPort) {
  drive(workerData as LoadPlan).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (error: Error) => parentPort!.postMessage({ ok: false, error: error.message }),
  );
}
