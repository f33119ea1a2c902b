// Webhook ingest through the real daemon (POST /api/v1/webhooks/:id, the built-in generic webhook
// addon, AlertManager, SQLite) beside Debian's prometheus-alertmanager (POST /api/v2/alerts, in
// memory), the same alerts in the same batches over loopback HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLoad } from "./http-load.ts";
import { record } from "./report.ts";
import { ensureDebianCommand, freePort, sleep, startBenchDaemon } from "./webhooks-daemon.ts";

const BATCH = 500;
const BATCHES = 40;
const CONCURRENCY = 4;
const KEY_POOL = 500;

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

async function benchOpsConductor(): Promise<{ fresh: number; repeated: number; stored: number; occurrences: number }> {
  const bench = await startBenchDaemon(["opsconductor.webhook"]);
  try {
    const created = await bench.api("POST", "/connectors", { addon_id: "opsconductor.webhook", name: "Bench", config: { fields: { severity: "/level" } } });
    if (created.status !== 201) throw new Error(`webhook instance: ${JSON.stringify(created.body)}`);
    const url = `${bench.url}/api/v1/webhooks/${created.body.id}`;
    const headers = { authorization: `Bearer ${created.body.webhook_token}`, "content-type": "application/json" };
    const expect = { status: 202, alertsPerBody: BATCH };
    await drive(url, headers, [JSON.stringify(batchOf(0, true, "warm"))], expect);
    const fresh = await drive(url, headers, bodiesOf(true, "fresh", JSON.stringify), expect);
    const repeated = await drive(url, headers, bodiesOf(false, "repeat", JSON.stringify), expect);
    // Durably stored: the rows are in the daemon's database (WAL, committed before the 202).
    const db = bench.daemon.api.services.deps.db;
    const stored = (db.prepare("SELECT count(*) AS n FROM alerts WHERE resource LIKE 'fresh:%'").get() as { n: number }).n;
    const occurrences = (db.prepare("SELECT coalesce(sum(occurrence_count), 0) AS n FROM alerts WHERE resource LIKE 'repeat:%'").get() as { n: number }).n;
    return { fresh, repeated, stored, occurrences };
  } finally {
    await bench.close();
  }
}

async function benchAlertmanager(): Promise<{ fresh: number; repeated: number; stored: number } | null> {
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
    const fresh = await drive(url, headers, bodiesOf(true, "fresh", serialize), { status: 200 });
    const repeated = await drive(url, headers, bodiesOf(false, "repeat", serialize), { status: 200 });
    const listed = await (await fetch(`${base}/api/v2/alerts?silenced=false&inhibited=false`)).json() as unknown[];
    return { fresh, repeated, stored: listed.length - BATCH - KEY_POOL };
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchWebhooks(): Promise<void> {
  const note = `${BATCHES} POSTs x ${BATCH} events, ${CONCURRENCY} in flight from a client thread, loopback`;
  const oc = await benchOpsConductor();
  record({ section: "webhooks", name: "OpsConductor webhook ingest, fresh keys", value: oc.fresh, unit: "alerts/s", note: `${note}; ${oc.stored.toLocaleString("en-US")} of ${(BATCHES * BATCH).toLocaleString("en-US")} rows in SQLite` });
  record({ section: "webhooks", name: "OpsConductor webhook ingest, repeated keys", value: oc.repeated, unit: "alerts/s", note: `${KEY_POOL} open alerts, occurrence_count sum ${oc.occurrences.toLocaleString("en-US")}` });
  const am = await benchAlertmanager();
  if (!am) {
    record({ section: "webhooks", name: "prometheus-alertmanager: not available", value: 0, unit: "alerts/s" });
    return;
  }
  record({ section: "webhooks", name: "prometheus-alertmanager POST /api/v2/alerts, fresh", value: am.fresh, unit: "alerts/s", note: `in memory; ${am.stored.toLocaleString("en-US")} listed after` });
  record({ section: "webhooks", name: "prometheus-alertmanager POST /api/v2/alerts, repeated", value: am.repeated, unit: "alerts/s", note: `${KEY_POOL} label sets` });
  record({ section: "webhooks", name: "ratio OpsConductor / alertmanager, fresh keys", value: oc.fresh / am.fresh, unit: "x" });
  record({ section: "webhooks", name: "ratio OpsConductor / alertmanager, repeated keys", value: oc.repeated / am.repeated, unit: "x" });
}

if (import.meta.main) await benchWebhooks();
