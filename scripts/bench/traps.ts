// SNMP trap intake: the highest paced v2c rate at which nothing is lost, through the real daemon
// (UDP listener → routing → the snmp-traps built-in's receive in its sandbox → AlertManager →
// SQLite), beside Debian's snmptrapd logging the same stream to a file. The sender is net-snmp's
// session.trap in a worker thread, paced by a token bucket; rates double until a window loses traps,
// then the gap between the last lossless and the first lossy rate is halved a few times.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { record } from "./report.ts";
import { ensureDebianCommand, freePort, sleep, startBenchDaemon } from "./webhooks-daemon.ts";

const COMMUNITY = "bench-traps";
const RATES = [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000];
// The issue asks for "nothing lost over 10 s": a short window would hide a queue that only overflows later.
const WINDOW_S = 10;
/** How long a step may take to drain after the sender stops. */
const DRAIN_MS = 5_000;
/** How long a step waits for the previous one's stragglers before it starts. */
const QUIET_MS = 30_000;

interface Sent { sent: number; errors: number; elapsed: number }

function sendStream(port: number, rate: number, firstIndex: number): Promise<Sent> {
  const worker = new Worker(new URL("./traps-sender.ts", import.meta.url), { workerData: { port, community: COMMUNITY, rate, seconds: WINDOW_S, firstIndex } });
  return new Promise((resolve, reject) => {
    worker.once("message", (message: Sent) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/**
 * Polls `count()` until it reaches `expected`, has not moved for a second, or `limitMs` passed;
 * the final count. Before a step (expected: none) it lets a lossy step's backlog, still landing
 * after that step gave up waiting, settle so it does not count for the next step.
 */
async function settled(count: () => number, limitMs: number, expected = Infinity): Promise<number> {
  const deadline = Date.now() + limitMs;
  let last = count();
  let still = 0;
  while (last < expected && still < 10 && Date.now() < deadline) {
    await sleep(100);
    const now = count();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

interface Step { rate: number; sent: number; got: number; achieved: number }

/** Rates between the last lossless step and the first lossy one are tried this many times, halving the gap. */
const REFINEMENTS = 3;

async function stepUp(label: string, port: number, count: () => number): Promise<{ best: Step | null; lost: Step | null }> {
  let index = 1_000_000;
  const tryRate = async (rate: number): Promise<{ step: Step; lossless: boolean }> => {
    const before = await settled(count, QUIET_MS);
    const sent = await sendStream(port, rate, index);
    index += sent.sent + 1;
    const got = (await settled(count, DRAIN_MS, before + sent.sent)) - before;
    if (got > sent.sent) throw new Error(`${label}: ${got} stored of ${sent.sent} sent at ${rate}/s: an earlier step's traps were counted`);
    const step = { rate, sent: sent.sent, got, achieved: sent.sent / sent.elapsed };
    console.log(`traps      ${label.padEnd(14)} ${String(rate).padStart(6)}/s target, ${Math.round(step.achieved)}/s sent: ${got}/${sent.sent} stored`);
    return { step, lossless: got >= sent.sent && step.achieved >= rate * 0.9 };
  };
  let best: Step | null = null;
  let lost: Step | null = null;
  for (const rate of RATES) {
    const { step, lossless } = await tryRate(rate);
    if (!lossless) {
      lost = step;
      break;
    }
    best = step;
  }
  // Doubling steps alone would call two peers equal anywhere within a factor of two.
  for (let i = 0; i < REFINEMENTS && best && lost; i++) {
    const rate = Math.round((best.rate + lost.rate) / 2 / 250) * 250;
    if (rate <= best.rate || rate >= lost.rate) break;
    const { step, lossless } = await tryRate(rate);
    if (lossless) best = step;
    else lost = step;
  }
  return { best, lost };
}

async function benchDaemon(): Promise<{ best: Step | null; lost: Step | null }> {
  const bench = await startBenchDaemon(["opsconductor.snmp-traps"]);
  try {
    const created = await bench.api("POST", "/connectors", { addon_id: "opsconductor.snmp-traps", name: "Bench", config: {
      targets: [{ id: "bench", host: "127.0.0.1", name: "bench-sender" }], trap_community: COMMUNITY,
    } });
    if (created.status !== 201) throw new Error(`trap instance: ${JSON.stringify(created.body)}`);
    const traps = (await bench.api("GET", "/traps")).body as { port: number; listening: boolean };
    if (!traps.listening) throw new Error("the daemon's trap listener is not up");
    const db = bench.daemon.api.services.deps.db;
    const rows = db.prepare("SELECT count(*) AS n FROM alerts WHERE connector_id = ?");
    const count = () => (rows.get(created.body.id) as { n: number }).n;
    const result = await stepUp("opsconductor", traps.port, count);
    const stats = (await bench.api("GET", "/traps")).body as Record<string, unknown>;
    console.log(`traps      opsconductor   listener stats: received ${stats.received}, routed ${stats.routed}, rejected ${stats.rejected}, failed ${stats.failed}, alerts ${stats.alerts}`);
    return result;
  } finally {
    await bench.close();
  }
}

async function benchSnmptrapd(): Promise<{ best: Step | null; lost: Step | null } | null> {
  const binary = ensureDebianCommand("snmptrapd", "snmptrapd", "traps");
  if (!binary) return null;
  const dir = mkdtempSync(join(tmpdir(), "oc-bench-snmptrapd-"));
  const conf = join(dir, "snmptrapd.conf");
  const log = join(dir, "traps.log");
  writeFileSync(conf, `authCommunity log ${COMMUNITY}\n`);
  writeFileSync(log, "");
  const port = await freePort("udp");
  const child = spawn(binary, ["-f", "-C", "-c", conf, "-On", "-n", "-M", "/dev/null", "-m", "", "-F", "TRAP %a %v\\n", "-Lf", log, `udp:127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => (stderr = (stderr + data.toString()).slice(-4000)));
  try {
    await sleep(500);
    if (child.exitCode !== null) throw new Error(`snmptrapd exited: ${stderr}`);
    const count = () => (existsSync(log) ? readFileSync(log, "latin1").split("\n").filter((line) => line.startsWith("TRAP ")).length : 0);
    return await stepUp("snmptrapd", port, count);
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(name: string, result: { best: Step | null; lost: Step | null }, unit: string): void {
  const lost = result.lost
    ? `first loss at ${result.lost.rate}/s: ${result.lost.got}/${result.lost.sent} ${unit}${result.lost.achieved < result.lost.rate * 0.9 ? `, sender reached only ${Math.round(result.lost.achieved)}/s` : ""}`
    : `no loss up to ${RATES.at(-1)}/s (the highest step)`;
  record({ section: "traps", name, value: result.best?.rate ?? 0, unit: "traps/s", note: `${WINDOW_S} s windows per step; ${lost}` });
}

export async function benchTraps(): Promise<void> {
  report("OpsConductor, highest lossless v2c rate (stored)", await benchDaemon(), "alerts stored");
  const trapd = await benchSnmptrapd();
  if (trapd) report("snmptrapd, highest lossless v2c rate (logged)", trapd, "lines logged");
  else record({ section: "traps", name: "snmptrapd: not available", value: 0, unit: "traps/s" });
}

if (import.meta.main) await benchTraps();
