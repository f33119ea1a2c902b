// One PRTG poll of 10,000 sensors end to end through the real daemon: the PRTG simulator over HTTPS
// (paged /api/table.json) → the prtg built-in in its sandbox → AlertManager → SQLite, timed by
// POST /connectors/:id/poll (the run record's duration). Target: under 5 s.
import { generateSensors } from "../../test/sim/prtg/prtg-data.ts";
import { startPrtgSimulator } from "../../test/sim/prtg/prtg-simulator.ts";
import { record } from "./report.ts";
import { sleep, startBenchDaemon } from "./webhooks-daemon.ts";

const SENSORS = 10_000;
const PASSHASH = "7012345678";

interface Run { status: string; duration_ms: number; result?: { alerts: number; targets_failed: number; ingest: Record<string, number> } }

export async function benchPrtg(): Promise<void> {
  const prtg = await startPrtgSimulator({ username: "opsbot", passhash: PASSHASH });
  const bench = await startBenchDaemon(["opsconductor.prtg"]);
  try {
    const created = await bench.api("POST", "/connectors", { addon_id: "opsconductor.prtg", name: "PRTG", config: {
      targets: [{ id: "prtg-bench", host: "127.0.0.1", port: prtg.port, verify_tls: false }], username: "opsbot", passhash: PASSHASH,
    } });
    if (created.status !== 201) throw new Error(`PRTG instance: ${JSON.stringify(created.body)}`);
    const id = created.body.id as string;
    // The scheduler polls a new instance once soon after creation: let that (empty) poll pass first.
    for (let i = 0; i < 200; i++) {
      const runs = (await bench.api("GET", `/scheduler/runs?job_key=${encodeURIComponent(`connector.poll:${id}`)}`)).body.items as Array<{ finished_at: string | null }>;
      if (runs.some((run) => run.finished_at)) break;
      await sleep(25);
    }
    const db = bench.daemon.api.services.deps.db;
    const openAlerts = () => (db.prepare("SELECT count(*) AS n FROM alerts WHERE connector_id = ? AND status = 'open'").get(id) as { n: number }).n;
    const poll = async (label: string, note: string) => {
      const started = performance.now();
      const answer = await bench.api("POST", `/connectors/${id}/poll`);
      const wall = performance.now() - started;
      const run = answer.body as Run;
      if (answer.status !== 200 || run.status !== "ok" || run.result?.targets_failed) throw new Error(`PRTG poll: ${JSON.stringify(answer.body).slice(0, 500)}`);
      const ingest = run.result!.ingest;
      record({ section: "prtg", name: `poll of ${SENSORS.toLocaleString("en-US")} sensors, ${label}`, value: run.duration_ms, unit: "ms",
        note: `${note}; ${run.result!.alerts} events → ${ingest.created} created, ${ingest.deduplicated} dedup; ${openAlerts()} open; HTTP round trip ${Math.round(wall)} ms; target < 5000 ms` });
    };
    prtg.setSensors(generateSensors(SENSORS));
    await poll("default mix, first", "PRTG's usual spread: 1 in 10 Down, 1 in 15 Warning, rarer states");
    await poll("default mix, repeat", "the same sensors again");
    prtg.setSensors(generateSensors(SENSORS, { statusOf: () => 5, firstObjid: 100_000 }));
    await poll("all Down, first", "every sensor Down: the whole table is paged in and alerted");
    await poll("all Down, repeat", "the same sensors again");
    const pages = prtg.requests.filter((request) => request.path === "/api/table.json").length;
    record({ section: "prtg", name: "table.json requests served over the four polls", value: pages, unit: "requests" });
  } finally {
    await bench.close();
    await prtg.close();
  }
}

if (import.meta.main) await benchPrtg();
