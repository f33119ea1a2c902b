// Webhook ingest through the real daemon (POST /api/v1/webhooks/:id, the built-in generic webhook
// addon, AlertManager, SQLite) beside Debian's prometheus-alertmanager (POST /api/v2/alerts, in
// memory), the same alerts in the same batches over loopback HTTP. Both peers stay up and are
// measured in alternating rounds (median of ROUNDS each), so a noisy moment on this shared
// machine does not land on one peer only.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./http-load.ts";
import { median, record } from "./report.ts";
import { ensureDebianCommand, freePort, sleep, startBenchDaemon } from "./webhooks-daemon.ts";

const BATCH = 500;
const BATCHES = 80;
const CONCURRENCY = 4;
const KEY_POOL = 500;
const ROUNDS = 5;

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

/** Posts the bodies from a load-generator thread with CONCURRENCY in flight; the rate in events/s. */
async function drive(url: string, headers: Record<string, string>, bodies: string[], expect: { status: number; alertsPerBody?: number }): Promise<number> {
  const { requests, seconds } = await runLoad({ url, headers, bodies, concurrency: CONCURRENCY, ...expect });
  return (requests * BATCH) / seconds;
}

/** A peer under test: posts a run's bodies and reports its rate. */
interface Peer {
  /** Events/s for BATCHES batches of fresh keys (new in every round) or of the KEY_POOL repeated keys. */
  run(fresh: boolean, round: number): Promise<number>;
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
    await drive(url, headers, [JSON.stringify(batchOf(0, true, "warm"))], expect);
    const db = bench.daemon.api.services.deps.db;
    return {
      run: (fresh, round) => drive(url, headers, bodiesOf(fresh, fresh ? `fresh${round}` : "repeat", JSON.stringify), expect),
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

async function startAlertmanager(): Promise<(Peer & { listed(): Promise<number> }) | null> {
  const binary = ensureDebianCommand("prometheus-alertmanager", "prometheus-alertmanager", "webhooks");
  if (!binary) return null;
  const dir = mkdtempSync(join(tmpdir(), "oc-bench-am-"));
  writeFileSync(join(dir, "alertmanager.yml"), "route:\n  receiver: blackhole\n  group_by: ['...']\nreceivers:\n  - name: blackhole\n");
  const port = await freePort("tcp");
  const child: ChildProcess = spawn(binary, [
    `--config.file=${join(dir, "alertmanager.yml")}`, `--storage.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`,
    "--cluster.listen-address=", "--log.level=warn",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (data: Buffer) => (stderr += data.toString()).slice(-4000));
  const close = async () => {
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
    await drive(url, headers, [serialize(batchOf(0, true, "warm"))], { status: 200 });
    return {
      run: (fresh, round) => drive(url, headers, bodiesOf(fresh, fresh ? `fresh${round}` : "repeat", serialize), { status: 200 }),
      listed: async () => ((await (await fetch(`${base}/api/v2/alerts?silenced=false&inhibited=false`)).json()) as unknown[]).length,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

const rates = (values: number[]) => values.map((value) => Math.round(value).toLocaleString("en-US")).join(", ");

export async function benchWebhooks(): Promise<void> {
  const note = `${BATCHES} POSTs x ${BATCH} events, ${CONCURRENCY} in flight from a client thread, loopback; median of ${ROUNDS} rounds after a warm-up round`;
  const oc = await startOpsConductor();
  let am: Awaited<ReturnType<typeof startAlertmanager>> = null;
  try {
    am = await startAlertmanager();
    // One untimed round each first: the daemon's JavaScript is compiled as it runs, Go's is not.
    await oc.run(true, -1);
    await oc.run(false, -1);
    await am?.run(true, -1);
    await am?.run(false, -1);
    const results = { ocFresh: [] as number[], ocRepeated: [] as number[], amFresh: [] as number[], amRepeated: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      results.ocFresh.push(await oc.run(true, round));
      if (am) results.amFresh.push(await am.run(true, round));
      results.ocRepeated.push(await oc.run(false, round));
      if (am) results.amRepeated.push(await am.run(false, round));
    }
    const stored = oc.stored();
    const expected = (ROUNDS + 1) * BATCHES * BATCH;
    record({ section: "webhooks", name: "OpsConductor webhook ingest, fresh keys", value: median(results.ocFresh), unit: "alerts/s",
      note: `${note} (${rates(results.ocFresh)}); ${stored.fresh.toLocaleString("en-US")} of ${expected.toLocaleString("en-US")} rows in SQLite` });
    record({ section: "webhooks", name: "OpsConductor webhook ingest, repeated keys", value: median(results.ocRepeated), unit: "alerts/s",
      note: `${rates(results.ocRepeated)}; ${KEY_POOL} open alerts, occurrence_count sum ${stored.occurrences.toLocaleString("en-US")}` });
    if (!am) {
      record({ section: "webhooks", name: "prometheus-alertmanager: not available", value: 0, unit: "alerts/s" });
      return;
    }
    const listed = (await am.listed()) - BATCH - KEY_POOL;  // all but the first warm-up batch and the repeated pool
    record({ section: "webhooks", name: "prometheus-alertmanager POST /api/v2/alerts, fresh", value: median(results.amFresh), unit: "alerts/s",
      note: `${rates(results.amFresh)}; in memory; ${listed.toLocaleString("en-US")} fresh listed after` });
    record({ section: "webhooks", name: "prometheus-alertmanager POST /api/v2/alerts, repeated", value: median(results.amRepeated), unit: "alerts/s",
      note: `${rates(results.amRepeated)}; ${KEY_POOL} label sets` });
    // Each round's two runs are back to back: the median of their ratios cancels the machine's drift between rounds.
    const paired = (ours: number[], theirs: number[]) => median(ours.map((rate, round) => rate / theirs[round]!));
    const pairedNote = (ours: number[], theirs: number[]) =>
      `median of the ${ROUNDS} rounds' ratios (${ours.map((rate, round) => (rate / theirs[round]!).toFixed(2)).join(", ")}); ratio of the medians ${(median(ours) / median(theirs)).toFixed(2)}`;
    record({ section: "webhooks", name: "ratio OpsConductor / alertmanager, fresh keys", value: paired(results.ocFresh, results.amFresh), unit: "x",
      note: pairedNote(results.ocFresh, results.amFresh) });
    record({ section: "webhooks", name: "ratio OpsConductor / alertmanager, repeated keys", value: paired(results.ocRepeated, results.amRepeated), unit: "x",
      note: pairedNote(results.ocRepeated, results.amRepeated) });
  } finally {
    await am?.close();
    await oc.close();
  }
}

if (import.meta.main) await benchWebhooks();
