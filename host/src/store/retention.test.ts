import assert from "node:assert/strict";
import { test } from "node:test";
import { AlertManager } from "../alerts/manager.ts";
import { addConnector, clear, CONNECTOR, problem } from "../alerts/testdata/fixtures.ts";
import { ManualClock } from "../util/clock.ts";
import { openDatabase, type Db } from "./database.ts";
import { pruneStore } from "./retention.ts";

const DAY = 86_400_000;
const NOW = Date.parse("2026-11-27T00:00:00.000Z");

const count = (db: Db, sql: string) => (db.prepare(sql).pluck().get() as number);

/** 4,500 alerts opened and cleared 200 days ago (more than two delete chunks), one still open from then, three cleared 10 days ago, samples old and new. */
function seeded() {
  const db = openDatabase(":memory:");
  addConnector(db, CONNECTOR);
  const clock = new ManualClock(NOW - 200 * DAY);
  const manager = new AlertManager(db, { clock });
  const old = Array.from({ length: 4_500 }, (_, i) => `old-${i}`);
  manager.ingest(CONNECTOR, [...old.map((resource) => problem({ resource })), problem({ resource: "still-open" })]);
  manager.ingest(CONNECTOR, old.map((resource) => clear({ resource })));
  clock.set(NOW - 10 * DAY);
  const recent = ["recent-1", "recent-2", "recent-3"];
  manager.ingest(CONNECTOR, recent.map((resource) => problem({ resource })));
  manager.ingest(CONNECTOR, recent.map((resource) => clear({ resource })));
  const sample = db.prepare("INSERT INTO metric_samples (device_id, metric, value, at) VALUES (NULL, 'cpu', 1, ?)");
  for (let i = 0; i < 2_500; i++) sample.run(new Date(NOW - 40 * DAY + i).toISOString());
  for (let i = 0; i < 5; i++) sample.run(new Date(NOW - DAY + i).toISOString());
  const audit = db.prepare("INSERT INTO audit_log (at, actor, action, details_json) VALUES (?, 'mallory', 'auth.login.failed', '{}')");
  for (let i = 0; i < 3_000; i++) audit.run(new Date(NOW - 400 * DAY + i).toISOString());
  for (let i = 0; i < 7; i++) audit.run(new Date(NOW - 300 * DAY + i).toISOString());
  return db;
}

test("pruning deletes resolved alerts past the retention with their history, old metric samples and audit entries; never an unresolved alert", async () => {
  const db = seeded();
  const eventsBefore = count(db, "SELECT count(*) FROM alert_events");
  const result = await pruneStore(db, { alertDays: 90, metricDays: 30, auditDays: 365 }, NOW);
  assert.deepEqual(result, { alerts: 4_500, alert_events: 9_000, metric_samples: 2_500, audit_log: 3_000 });
  assert.deepEqual(db.prepare("SELECT resource, status FROM alerts ORDER BY id").raw().all(),
    [["still-open", "open"], ["recent-1", "resolved"], ["recent-2", "resolved"], ["recent-3", "resolved"]]);
  assert.equal(count(db, "SELECT count(*) FROM alert_events"), eventsBefore - 9_000);
  assert.equal(count(db, "SELECT count(*) FROM alert_events WHERE alert_id NOT IN (SELECT id FROM alerts)"), 0, "no orphaned history");
  assert.equal(count(db, "SELECT count(*) FROM metric_samples"), 5);
  assert.equal(count(db, "SELECT count(*) FROM audit_log"), 7, "a year's audit kept");
  assert.deepEqual(db.pragma("foreign_key_check"), []);
  // Nothing left to prune: a second run deletes nothing.
  assert.deepEqual(await pruneStore(db, { alertDays: 90, metricDays: 30, auditDays: 365 }, NOW), { alerts: 0, alert_events: 0, metric_samples: 0, audit_log: 0 });
});

test("after a prune the alert manager still finds the unresolved alert: its clear resolves it", async () => {
  const db = seeded();
  await pruneStore(db, { alertDays: 90, metricDays: 30, auditDays: 365 }, NOW);
  const manager = new AlertManager(db, { clock: new ManualClock(NOW) });
  assert.equal(manager.ingest(CONNECTOR, [clear({ resource: "still-open" })]).resolved, 1);
  assert.equal(count(db, "SELECT count(*) FROM alerts WHERE status <> 'resolved'"), 0);
});

test("an aborted prune stops between chunks, leaving a consistent store", async () => {
  const db = seeded();
  const controller = new AbortController();
  const pruning = pruneStore(db, { alertDays: 90, metricDays: 30, auditDays: 365 }, NOW, controller.signal);
  controller.abort();
  const result = await pruning;
  assert.equal(result.alerts, 2_000, "the first chunk, then it stopped");
  assert.equal(result.metric_samples, 0);
  assert.equal(count(db, "SELECT count(*) FROM alerts"), 4 + 2_500);
  assert.deepEqual(db.pragma("foreign_key_check"), []);
});
