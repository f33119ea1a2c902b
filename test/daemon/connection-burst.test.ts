// A burst of connections while the daemon is too busy to accept them: the kernel must hold them
// all (the listen backlog) rather than drop some, which a flood of webhook senders saw reset.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { startDaemon } from "../../host/src/daemon.ts";

// The kernel caps any listen backlog at net.core.somaxconn (4096 on current kernels): stay under it.
const SOMAXCONN = Number(readFileSync("/proc/sys/net/core/somaxconn", "utf8"));
const CONNECTIONS = Math.min(1_200, SOMAXCONN - 64);

// Runs on its own thread (its own event loop): connects every socket and sends its request at once.
const client = `
const { connect } = require("node:net");
const { parentPort, workerData } = require("node:worker_threads");
const outcomes = {};
let done = 0;
const settle = (key) => { outcomes[key] = (outcomes[key] || 0) + 1; if (++done === workerData.count) parentPort.postMessage(outcomes); };
for (let i = 0; i < workerData.count; i++) {
  const socket = connect(workerData.port, "127.0.0.1");
  let answer = "", settled = false;
  const finish = (key) => { if (!settled) { settled = true; settle(key); } };
  socket.on("connect", () => socket.write("GET /api/v1/healthz HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n"));
  socket.on("data", (chunk) => { answer += chunk; });
  socket.on("end", () => finish(answer.split("\\r\\n")[0]));
  socket.on("error", (error) => finish(error.code));
  socket.setTimeout(30_000, () => { finish("timeout"); socket.destroy(); });
}
parentPort.postMessage("connecting");
`;

/** The kernel's count of connections dropped because a listen queue was full (TcpExt ListenOverflows, all sockets). */
function listenOverflows(): number {
  const lines = readFileSync("/proc/net/netstat", "utf8").split("\n").filter((line) => line.startsWith("TcpExt:"));
  const names = lines[0]!.split(/\s+/);
  return Number(lines[1]!.split(/\s+/)[names.indexOf("ListenOverflows")]);
}

test(`${CONNECTIONS} connections arriving while the daemon's event loop is busy are all held by the kernel and answered`, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), "oc-burst-"));
  const daemon = await startDaemon({ port: 0, host: "127.0.0.1", dataDir, trapPort: 0, dev: false }, { log: () => {}, uiDir: null });
  t.after(async () => {
    await daemon.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const overflowsBefore = listenOverflows();
  const worker = new Worker(client, { eval: true, workerData: { port: daemon.port, count: CONNECTIONS } });
  const outcomes = await new Promise<Record<string, number>>((resolve, reject) => {
    worker.on("message", (message: unknown) => {
      if (message !== "connecting") return resolve(message as Record<string, number>);
      // Busy (a long synchronous task): nothing is accepted while the connections arrive.
      const until = Date.now() + 1_000;
      while (Date.now() < until);
    });
    worker.on("error", reject);
  });
  await worker.terminate();
  assert.deepEqual(outcomes, { "HTTP/1.1 200 OK": CONNECTIONS });
  // Clients retry a dropped handshake, so a short stall is survived either way; a long one (a
  // flood of deliveries keeps the daemon busy for seconds) ends in resets when the queue overflows.
  assert.equal(listenOverflows() - overflowsBefore, 0, "no connection was dropped from a full listen queue");
});
