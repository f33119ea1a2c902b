import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openDatabase } from "../store/database.ts";
import { ManualClock } from "../util/clock.ts";
import { AlertManager } from "./manager.ts";
import { OpenFingerprints, openFingerprintsOf, type OpenAlertState } from "./open-fingerprints.ts";
import { AlertStore, type NewAlertRow } from "./store.ts";
import { addConnector, clear, CONNECTOR, harness, problem, rows, TYPE } from "./testdata/fixtures.ts";
import type { Db } from "../store/database.ts";

function newRow(fingerprint: string, status: NewAlertRow["status"] = "open"): NewAlertRow {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    fingerprint, connector_id: CONNECTOR, connector_type: TYPE, target: null, alert_type: "link_down", kind: "problem", status,
    severity: "major", category: "network", priority: "P3", priority_reason: "test", device_ip: "192.0.2.1", device_name: "sw1",
    resource: null, title: "t", message: "m", metrics_json: "{}", raw_json: "{}", occurrence_count: 1, first_seen_at: at,
    last_seen_at: at, event_time: at, resolved_by: null, resolved_at: null, resolution: null,
  };
}

test("a restart finds the committed unresolved alerts again: repeats deduplicate, clears resolve", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "oc-open-fp-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "store.db");
  const clock = new ManualClock("2026-01-01T00:00:00.000Z");
  const first = openDatabase(file);
  addConnector(first, CONNECTOR);
  new AlertManager(first, { clock }).ingest(CONNECTOR, [problem(), problem({ resource: "ge-0/0/2" })]);
  first.close();

  const db = openDatabase(file);
  const manager = new AlertManager(db, { clock });
  const repeat = manager.ingest(CONNECTOR, [problem()]);
  assert.equal(repeat.deduplicated, 1);
  assert.equal(repeat.created, 0);
  assert.equal(manager.ingest(CONNECTOR, [clear({ resource: "ge-0/0/2" })]).resolved, 1);
  assert.deepEqual(rows(db).map((row) => [row.status, row.occurrence_count]), [["open", 2], ["resolved", 1]]);
  db.close();
});

test("a rolled-back transaction leaves no trace in the open fingerprints", () => {
  const { db } = harness();
  const store = new AlertStore(db);
  assert.throws(() => store.transaction(() => {
    store.insertAlerts([newRow("fp-rolled-back")]);
    assert.equal(store.findOpen(["fp-rolled-back"]).length, 1);
    throw new Error("boom");
  }), /boom/);
  assert.deepEqual(store.findOpen(["fp-rolled-back"]), []);
  // The key is free again: the same fingerprint opens without complaint.
  store.transaction(() => store.insertAlerts([newRow("fp-rolled-back")]));
  assert.equal(store.findOpen(["fp-rolled-back"]).length, 1);
});

test("a second unresolved alert for a fingerprint is refused before anything is written", () => {
  const { db } = harness();
  const store = new AlertStore(db);
  store.transaction(() => store.insertAlerts([newRow("fp-1")]));
  assert.throws(() => store.transaction(() => store.insertAlerts([newRow("fp-2"), newRow("fp-1")])), { code: "INTERNAL" });
  assert.throws(() => store.transaction(() => store.insertAlerts([newRow("fp-3"), newRow("fp-3")])), { code: "INTERNAL" });
  assert.deepEqual(rows(db).map((row) => row.fingerprint), ["fp-1"]);
  // A refused insert claims nothing: its other fingerprints stay free.
  store.transaction(() => store.insertAlerts([newRow("fp-2"), newRow("fp-3")]));
  assert.equal(store.findOpen(["fp-1", "fp-2", "fp-3"]).length, 3);
  // Resolved rows (notices) may share a key with anything.
  store.transaction(() => store.insertAlerts([newRow("fp-1", "resolved"), newRow("fp-1", "resolved")]));
  assert.equal(rows(db).length, 5);
});

test("a resolved alert frees its fingerprint; two managers on one database see the same open alerts", () => {
  const { db, clock, manager } = harness();
  const other = new AlertManager(db, { clock });
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(other.ingest(CONNECTOR, [problem()]).deduplicated, 1);
  assert.equal(other.ingest(CONNECTOR, [clear()]).resolved, 1);
  assert.equal(manager.ingest(CONNECTOR, [problem()]).created, 1);
  assert.deepEqual(rows(db).map((row) => [row.status, row.occurrence_count]), [["resolved", 2], ["open", 1]]);
});

/** What the map holds for every key of the table (the content memo apart: a reload does not know it), and the counts. */
function mapView(open: OpenFingerprints, db: Db) {
  const keys = [...new Set(rows(db).map((row) => row.fingerprint))];
  return {
    byKey: keys.map((key) => {
      const state = open.get(key);
      if (!state) return [key, null];
      const { content: _memo, ...columns } = state as OpenAlertState;
      return [key, columns];
    }),
    open: open.countOf(CONNECTOR),
    bySeverity: open.countBySeverityAndStatus().sort((a, b) => `${a.severity}${a.status}`.localeCompare(`${b.severity}${b.status}`)),
  };
}

test("a rolled-back transaction undoes what it changed in memory (opened, repeated, resolved, acknowledged, stale) without reloading the table", () => {
  const { db, clock, manager } = harness();
  const store = new AlertStore(db);
  manager.ingest(CONNECTOR, ["ge-1", "ge-2", "ge-3", "ge-4"].map((resource) => problem({ resource })));
  const [, , third] = rows(db);
  const open = openFingerprintsOf(db);
  const loads = open.loads;
  const before = mapView(open, db);
  clock.advance(60_000);
  assert.throws(() => store.transaction(() => {
    manager.ingest(CONNECTOR, [
      problem({ resource: "ge-5" }), problem({ resource: "ge-6" }),
      problem({ resource: "ge-1", severity: "critical", message: "worse" }),
      clear({ resource: "ge-2" }),
    ]);
    manager.acknowledge(third!.id, "user:ann");
    manager.pollFailed(CONNECTOR, TYPE, { code: "BROKER_TIMEOUT", message: "no answer" });
    assert.notDeepEqual(mapView(open, db), before, "the transaction changed the map");
    throw new Error("disk full");
  }), /disk full/);
  assert.deepEqual(mapView(open, db), before, "everything put back");
  assert.deepEqual(mapView(open, db), mapView(new OpenFingerprints(db), db), "as the table holds it");
  assert.equal(open.loads, loads, "undone in place, not reloaded");
  // And the keys behave as before: ge-5 opens, ge-1 repeats, ge-2 resolves.
  const after = manager.ingest(CONNECTOR, [problem({ resource: "ge-5" }), problem({ resource: "ge-1" }), clear({ resource: "ge-2" })]);
  assert.deepEqual([after.created, after.deduplicated, after.resolved], [1, 1, 1]);
});

test("a map first loaded inside a transaction that rolls back is discarded: the load saw writes that never committed", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem({ resource: "ge-1" })]);
  const open = openFingerprintsOf(db);
  open.discard();
  const store = new AlertStore(db);
  assert.throws(() => store.transaction(() => {
    db.prepare("UPDATE alerts SET status = 'resolved', resolution = 'manual' WHERE fingerprint IS NOT NULL").run();
    assert.equal(open.get(rows(db)[0]!.fingerprint), undefined, "loaded now, after the uncommitted resolve");
    throw new Error("boom");
  }), /boom/);
  assert.equal(open.get(rows(db)[0]!.fingerprint)?.status, "open", "reloaded from what is committed");
});

test("a rolled-back transaction forgets the over-the-limit keys it noted, and remembers those it forgot", () => {
  const { db, manager } = harness({ openLimit: 1 });
  const store = new AlertStore(db);
  const open = openFingerprintsOf(db);
  manager.ingest(CONNECTOR, [problem({ resource: "a" }), problem({ resource: "b" })]);
  const keyOf = (resource: string) => rows(db).find((row) => (row as unknown as { resource: string }).resource === resource)!.fingerprint;
  assert.equal(open.wasOverLimit(keyOf("b")), true, "b came over the limit: a notice");
  let cKey = "";
  assert.throws(() => store.transaction(() => {
    manager.ingest(CONNECTOR, [problem({ resource: "c" })]);
    cKey = keyOf("c");
    assert.equal(open.wasOverLimit(cKey), true);
    manager.ingest(CONNECTOR, [clear({ resource: "a" }), problem({ resource: "b" })]);
    assert.equal(open.wasOverLimit(keyOf("b")), false, "b opened for real in the place a freed");
    throw new Error("disk full");
  }), /disk full/);
  assert.deepEqual([open.wasOverLimit(keyOf("b")), open.wasOverLimit(cKey)], [true, false]);
  assert.equal(manager.ingest(CONNECTOR, [problem({ resource: "c" })]).overOpenLimit, 1);
  const cRows = rows(db).filter((row) => (row as unknown as { resource: string }).resource === "c");
  assert.deepEqual(cRows.map((row) => row.kind), ["notice"], "c is recorded as a notice now: its notice of the failed transaction never committed");
});

test("an inner transaction fails, the map is reloaded inside the outer one, then the outer rolls back: nothing of it stays", () => {
  const { db, manager } = harness();
  const store = new AlertStore(db);
  const open = openFingerprintsOf(db);
  let aKey = "";
  assert.throws(() => store.transaction(() => {
    manager.ingest(CONNECTOR, [problem({ resource: "a" })]);
    aKey = rows(db)[0]!.fingerprint;
    assert.throws(() => store.transaction(() => {
      throw new Error("inner");
    }), /inner/);
    assert.equal(open.get(aKey)?.status, "open", "reloaded inside the outer transaction: its uncommitted alert is seen");
    throw new Error("outer");
  }), /outer/);
  assert.equal(open.get(aKey), undefined, "the outer rollback left no trace of it");
  assert.equal(manager.ingest(CONNECTOR, [problem({ resource: "a" })]).created, 1);
});
