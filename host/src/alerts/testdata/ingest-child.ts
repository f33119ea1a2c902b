// Child process of crash.test.ts: ingests batches into the database file given as
// argv[2] until it is killed, printing "committed N" after each commit, where N is
// the number of alert rows known to be committed.
import { writeSync } from "node:fs";
import type { NormalizedAlert } from "@opsconductor/sdk";
import { openDatabase } from "../../store/database.ts";
import { AlertManager } from "../manager.ts";
import { cachedStatement } from "../../store/statements.ts";

const [file, connectorId = "crash-1"] = process.argv.slice(2);
if (!file) throw new Error("usage: ingest-child.ts DB_FILE [CONNECTOR_ID]");
const db = openDatabase(file);
cachedStatement(db, `INSERT OR IGNORE INTO connectors (id, addon_id, name, created_at, updated_at)
  VALUES (?, 'test.crash', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`).run(connectorId, connectorId);
const manager = new AlertManager(db);
let committed = cachedStatement(db, "SELECT count(*) FROM alerts").pluck().get() as number;

function alert(n: number, role: NormalizedAlert["role"]): NormalizedAlert {
  return {
    connector_type: "test.crash", alert_type: role === "clear" ? "link_up" : "link_down", role,
    severity: role === "clear" ? "clear" : "major", category: "network",
    device_ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, device_name: `dev${n}`, resource: `if${n % 7}`,
    title: `dev${n}: link`, message: "", timestamp: new Date().toISOString(), metrics: { n }, raw: { n },
  };
}

writeSync(1, `ready ${committed}\n`);
for (let batch = 0; ; batch++) {
  const alerts: NormalizedAlert[] = [];
  for (let i = 0; i < 500; i++) {
    const n = batch * 400 + i;
    // New problems, repeats of recent ones and clears, so every ingest path is in flight when the kill lands.
    alerts.push(alert(n, i % 10 === 9 ? "clear" : "problem"));
  }
  const result = manager.ingest(connectorId, alerts);
  committed += result.created + result.notices;
  writeSync(1, `committed ${committed}\n`);
}
