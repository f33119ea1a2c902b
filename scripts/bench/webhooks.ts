// Webhook ingest through the real daemon (POST /api/v1/webhooks/:id, the built-in generic webhook
// addon, AlertManager, SQLite) beside Debian's prometheus-alertmanager (POST /api/v2/alerts, in
// memory), the same alerts in the same batches over loopback HTTP. Alertmanager runs twice: with
// its default routing (every alert in one aggregation group: the least work behind each POST) and
// with `group_by: ['...']` (a group per alert, the closest to OpsConductor's record per alert);
// the target is judged against the faster of the two. All peers stay up and are measured in
// alternating rounds (median of ROUNDS each), so a noisy moment on this shared machine does not
// land on one peer only; the Alertmanagers not being measured are stopped (SIGSTOP) meanwhile.
// Each peer's CPU time per alert is printed too: on 2 cores every peer is CPU-bound.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./http-load.ts";
import { median, record } from "./report.ts";
import { ensureDebianCommand, freePort, sleep, startBenchDaemon } from "./webhooks-daemon.ts";

const BATCH = 500;
const BATCHES = 80;
const CONCURRENCY = 4;
const KEY_POOL = 500;
const ROUNDS = 7;

interface Event { alert_type: string; device_ip: string; device_name: string; level: string; resource: string; message: string }

/** Batch `b` of a run: fresh keys (every event a new alert) or repeated keys (the same KEY_POOL alerts again and again). */
function batchOf(b: number, fresh: boolean, run: string): Event[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const n = fresh ? b * BATCH + i : i % KEY_POOL;
    return { alert_type: "link_down", device_ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, device_name: `sw-${n}`, level: "major", resource: `${run}:port-${n}`, message: `bench ${run} ${n}` };
  });
}

/** The bodies of a run, BATCHES batches serialized for one peer. */
function bodiesOf(fresh: boolean, run: string, serialize: (events: Event[]) => string): string[] {
  return Array.from({ length: BATCHES }, (_, b) => serialize(batchOf(b, fresh, run)));
}

/**
 * A run's figures: events/s, the server's CPU time per event (its process, less the load
 * generator's thread when that shares it) and, for the daemon, its main thread's share.
 */
interface Measured { rate: number; cpuMicros: number; mainThreadMicros?: number }

/** CPU seconds used so far by the server under test; `sharesClient` when the load generator's thread is in the same process. */
interface ServerCpu { seconds(): number; sharesClient: boolean; mainThreadSeconds?(): number }

/** Posts the bodies from a load-generator thread with CONCURRENCY in flight. */
async function drive(url: string, headers: Record<string, string>, bodies: string[], expect: { status: number; alertsPerBody?: number }, cpu: ServerCpu): Promise<Measured> {
  const cpuBefore = cpu.seconds();
  const mainBefore = cpu.mainThreadSeconds?.();
  const { requests, seconds, clientCpuSeconds } = await runLoad({ url, headers, bodies, concurrency: CONCURRENCY, ...expect });
  const serverCpuSeconds = cpu.seconds() - cpuBefore - (cpu.sharesClient ? clientCpuSeconds : 0);
  const events = requests * BATCH;
  const perEvent = (cpuSeconds: number) => (cpuSeconds * 1e6) / events;
  return {
    rate: events / seconds, cpuMicros: perEvent(serverCpuSeconds),
    ...(mainBefore !== undefined && { mainThreadMicros: perEvent(cpu.mainThreadSeconds!() - mainBefore) }),
  };
}

const seconds = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1e6;

/** This process's CPU seconds: the daemon under test runs in it (and so does the load generator's thread). */
const ownCpu: ServerCpu = {
  seconds: () => seconds(process.cpuUsage()),
  sharesClient: true,
  // The event loop's thread: HTTP, the calls into the sandbox (whose guest runs on its own thread) and the SQLite writes.
  mainThreadSeconds: () => seconds(process.threadCpuUsage()),
};

/** A child process's CPU seconds, from /proc (clock ticks of 10 ms: ~1% of a run's). */
function processCpu(pid: number): ServerCpu {
  return {
    seconds: () => {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    sharesClient: false,
  };
}

/** A peer under test: posts a run's bodies and reports its rate. */
interface Peer {
  /** BATCHES batches of fresh keys (new in every round) or of the KEY_POOL repeated keys. */
  run(fresh: boolean, round: number): Promise<Measured>;
  /** Stops (and resumes) a peer's process while another is measured; absent for the in-process daemon. */
  pause?(): void;
  resume?(): void;
  close(): Promise<void>;
}

async function startOpsConductor(): Promise<Peer & { stored(): { fresh: number; occurrences: number } }> {
  const bench = await startBenchDaemon(["opsconductor.webhook"]);
  try {
    const created = await bench.api("POST", "/connectors", { addon_id: "opsconductor.webhook", name: "Bench", config: { fields: { severity: "/level" } } });
    if (created.status !== 201) throw new Error(`webhook instance: ${JSON.stringify(created.body)}`);
    const url = `${bench.url}/api/v1/webhooks/${created.body.id}`;
    const headers = { authorization: `Bearer ${created.body.webhook_token}`, "content-type": "application/json" };
    const expect = { status: 202, alertsPerBody: BATCH };
    await drive(url, headers, [JSON.stringify(batchOf(0, true, "warm"))], expect, ownCpu);
    const db = bench.daemon.api.services.deps.db;
    return {
      run: (fresh, round) => drive(url, headers, bodiesOf(fresh, fresh ? `fresh${round}` : "repeat", JSON.stringify), expect, ownCpu),
      // Durably stored: the rows are in the daemon's database (WAL, committed before each 202).
      stored: () => ({
        fresh: (db.prepare("SELECT count(*) AS n FROM alerts WHERE resource LIKE 'fresh%'").get() as { n: number }).n,
        occurrences: (db.prepare("SELECT coalesce(sum(occurrence_count), 0) AS n FROM alerts WHERE resource LIKE 'repeat:%'").get() as { n: number }).n,
      }),
      close: () => bench.close(),
    };
  } catch (error) {
    await bench.close();
    throw error;
  }
}

/** Alertmanager's routing under test: its default (one aggregation group) or a group per alert. */
type Routing = "default" | "per-alert";

// No notification is due during the bench (group_wait etc. 24h): an idle Alertmanager flushing its
// groups to the blackhole would take CPU from whichever peer is being measured.
const TIMERS = "  group_wait: 24h\n  group_interval: 24h\n  repeat_interval: 24h\n";
const ROUTES: Record<Routing, string> = {
  "default": `route:\n  receiver: blackhole\n${TIMERS}receivers:\n  - name: blackhole\n`,
  "per-alert": `route:\n  receiver: blackhole\n  group_by: ['...']\n${TIMERS}receivers:\n  - name: blackhole\n`,
};

async function startAlertmanager(binary: string, routing: Routing): Promise<Peer & { listed(): Promise<number> }> {
  const dir = mkdtempSync(join(tmpdir(), "oc-bench-am-"));
  writeFileSync(join(dir, "alertmanager.yml"), ROUTES[routing]);
  const port = await freePort("tcp");
  const child: ChildProcess = spawn(binary, [
    `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=", "--log.level=warn",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (data: Buffer) => (stderr += data.toString()).slice(-4000));
  const close = async () => {
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`alertmanager exited: ${stderr}`);
      if (await fetch(`${base}/-/ready`).then((r) => r.ok, () => false)) break;
      if (i > 200) throw new Error("alertmanager did not become ready");
      await sleep(50);
    }
    const startsAt = new Date().toISOString();
    const serialize = (events: Event[]) => JSON.stringify(events.map((event) => ({
      labels: { alertname: event.alert_type, instance: event.device_ip, device: event.device_name, resource: event.resource, severity: event.level },
      annotations: { summary: event.message }, startsAt,
    })));
    const url = `${base}/api/v2/alerts`;
    const headers = { "content-type": "application/json" };
    const cpu = processCpu(child.pid!);
    await drive(url, headers, [serialize(batchOf(0, true, "warm"))], { status: 200 }, cpu);
    return {
      run: (fresh, round) => drive(url, headers, bodiesOf(fresh, fresh ? `fresh${round}` : "repeat", serialize), { status: 200 }, cpu),
      listed: async () => ((await (await fetch(`${base}/api/v2/alerts?silenced=false&inhibited=false`)).json()) as unknown[]).length,
      pause: () => child.kill("SIGSTOP"),
      resume: () => child.kill("SIGCONT"),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const rates = (values: number[]) => values.map((value) => Math.round(value).toLocaleString("en-US")).join(", ");
// On 2 cores every peer is CPU-bound: its CPU per alert says why one is faster (the client's thread excluded).
const cpuNote = (micros: number[], mainThread?: number[]) =>
  `server CPU ${median(micros).toFixed(1)} µs/alert${mainThread ? ` (main thread ${median(mainThread).toFixed(1)})` : ""}`;

export async function benchWebhooks(): Promise<void> {
  const note = `${BATCHES} POSTs x ${BATCH} events, ${CONCURRENCY} in flight from a client thread, loopback; median of ${ROUNDS} rounds after a warm-up round`;
  const oc = await startOpsConductor();
  const ams = new Map<Routing, Awaited<ReturnType<typeof startAlertmanager>>>();
  try {
    const binary = ensureDebianCommand("prometheus-alertmanager", "prometheus-alertmanager", "webhooks");
    if (binary) for (const routing of Object.keys(ROUTES) as Routing[]) ams.set(routing, await startAlertmanager(binary, routing));
    const peers: Array<[string, Peer]> = [["oc", oc], ...[...ams].map(([routing, am]): [string, Peer] => [routing, am])];
    const results = new Map(peers.map(([name]) => [name, { fresh: [] as number[], repeated: [] as number[] }]));
    const cpuMicros = new Map(peers.map(([name]) => [name, { fresh: [] as number[], repeated: [] as number[] }]));
    const mainThreadMicros = { fresh: [] as number[], repeated: [] as number[] };
    // Round -1 is untimed: the daemon's JavaScript is compiled as it runs, Go's is not.
    for (let round = -1; round < ROUNDS; round++) {
      for (const fresh of [true, false]) {
        for (const [name, peer] of peers) {
          // Only the peer measured runs: the others' processes are stopped (their Go runtimes would
          // otherwise collect garbage and run timers over hundreds of thousands of alerts meanwhile).
          for (const [, other] of peers) if (other !== peer) other.pause?.();
          peer.resume?.();
          const measured = await peer.run(fresh, round);
          if (round < 0) continue;
          const keys = fresh ? "fresh" : "repeated";
          results.get(name)![keys].push(measured.rate);
          cpuMicros.get(name)![keys].push(measured.cpuMicros);
          if (measured.mainThreadMicros !== undefined) mainThreadMicros[keys].push(measured.mainThreadMicros);
        }
      }
    }
    const stored = oc.stored();
    const expected = (ROUNDS + 1) * BATCHES * BATCH;
    const ours = results.get("oc")!;
    record({ section: "webhooks", name: "OpsConductor webhook ingest, fresh keys", value: median(ours.fresh), unit: "alerts/s",
      note: `${note} (${rates(ours.fresh)}); ${cpuNote(cpuMicros.get("oc")!.fresh, mainThreadMicros.fresh)}; ${stored.fresh.toLocaleString("en-US")} of ${expected.toLocaleString("en-US")} rows in SQLite` });
    record({ section: "webhooks", name: "OpsConductor webhook ingest, repeated keys", value: median(ours.repeated), unit: "alerts/s",
      note: `${rates(ours.repeated)}; ${cpuNote(cpuMicros.get("oc")!.repeated, mainThreadMicros.repeated)}; ${KEY_POOL} open alerts, occurrence_count sum ${stored.occurrences.toLocaleString("en-US")}` });
    if (ams.size === 0) {
      record({ section: "webhooks", name: "prometheus-alertmanager: not available", value: 0, unit: "alerts/s" });
      return;
    }
    for (const [routing, am] of ams) {
      am.resume?.();
      const theirs = results.get(routing)!;
      const listed = (await am.listed()) - BATCH - KEY_POOL;  // all but the first warm-up batch and the repeated pool
      record({ section: "webhooks", name: `alertmanager (${routing} routing), fresh keys`, value: median(theirs.fresh), unit: "alerts/s",
        note: `${rates(theirs.fresh)}; ${cpuNote(cpuMicros.get(routing)!.fresh)}; in memory; ${listed.toLocaleString("en-US")} fresh listed after` });
      record({ section: "webhooks", name: `alertmanager (${routing} routing), repeated keys`, value: median(theirs.repeated), unit: "alerts/s",
        note: `${rates(theirs.repeated)}; ${cpuNote(cpuMicros.get(routing)!.repeated)}; ${KEY_POOL} label sets` });
    }
    // Each round's runs are back to back: the median of their ratios cancels the machine's drift between rounds.
    const paired = (mine: number[], theirs: number[]) => median(mine.map((rate, round) => rate / theirs[round]!));
    for (const keys of ["fresh", "repeated"] as const) {
      const faster = [...ams.keys()].sort((a, b) => median(results.get(b)![keys]) - median(results.get(a)![keys]))[0]!;
      for (const routing of ams.keys()) {
        const theirs = results.get(routing)![keys];
        record({ section: "webhooks", name: `ratio OpsConductor / alertmanager (${routing}), ${keys}`, value: paired(ours[keys], theirs), unit: "x",
          note: `median of the ${ROUNDS} rounds' ratios (${ours[keys].map((rate, round) => (rate / theirs[round]!).toFixed(2)).join(", ")}); ` +
            `ratio of the medians ${(median(ours[keys]) / median(theirs)).toFixed(2)}${routing === faster ? "; the faster Alertmanager: the one the target is judged against" : ""}` });
      }
    }
  } finally {
    for (const am of ams.values()) await am.close();
    await oc.close();
  }
}

if (import.meta.main) await benchWebhooks();
