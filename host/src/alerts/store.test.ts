import assert from "node:assert/strict";
import { test } from "node:test";
import { openFingerprintsOf } from "./open-fingerprints.ts";
import { AlertStore, type NewAlertRow } from "./store.ts";
import { CONNECTOR, harness, TYPE } from "./testdata/fixtures.ts";

const AT = "2026-01-01T00:00:00.000Z";

function row(i: number, overrides: Partial<NewAlertRow> = {}): NewAlertRow {
  return {
    fingerprint: `fp-${i}`, connector_id: CONNECTOR, connector_type: TYPE, target: "sw1", alert_type: "link_down", kind: "problem",
    status: "open", severity: "major", category: "network", priority: "P3", priority_reason: "P3 because major", device_ip: `192.0.2.${i % 250}`,
    device_name: `sw-${i}`, resource: `ge-0/0/${i}`, title: `sw-${i}: link down`, message: "down", metrics_json: `{"i":${i}}`,
    raw_json: `{"n":${i}}`, occurrence_count: 1, first_seen_at: AT, last_seen_at: AT, event_time: AT, resolved_by: null, resolved_at: null,
    resolution: null, ...overrides,
  };
}

test("insertAlerts writes every column of every row, whichever columns a run of rows shares", () => {
  const { db } = harness();
  const store = new AlertStore(db);
  // 70 rows: runs broken by a notice and by another connector type; alert types, severities and
  // messages equal over some runs and not others; more rows than one 32-row statement.
  const rows = Array.from({ length: 70 }, (_, i) => row(i, {
    ...(i % 3 === 0 && { alert_type: "high_cpu", severity: "minor", category: "compute", message: `cpu ${i}` }),
    ...(i === 33 && { kind: "notice", status: "resolved", resolved_by: "connector:prtg-1", resolved_at: AT }),
    ...(i >= 50 && { connector_type: "other.addon", target: null, resource: null }),
  }));
  const ids = store.transaction(() => store.insertAlerts(rows));
  assert.equal(new Set(ids).size, 70);
  const stored = db.prepare(`SELECT ${Object.keys(rows[0]!).join(", ")} FROM alerts WHERE id = ?`);
  rows.forEach((expected, i) => assert.deepEqual({ ...(stored.get(ids[i]) as object) }, expected, `row ${i}`));
  // The notice is resolved from the start, so it leaves its fingerprint free; the others are open.
  assert.deepEqual(store.findOpen(["fp-33"]), []);
  assert.equal(store.findOpen(rows.map((r) => r.fingerprint)).length, 69);
});

test("repeat writes the occurrence columns every time and the content columns whenever they change, also after a reload", () => {
  const { db } = harness();
  const store = new AlertStore(db);
  const [id] = store.transaction(() => store.insertAlerts([row(1)]));
  const stored = () => db.prepare("SELECT occurrence_count, title, message, metrics_json, raw_json, last_seen_at, event_time FROM alerts WHERE id = ?").get(id) as Record<string, unknown>;
  const update = (n: number, overrides: Partial<Parameters<AlertStore["repeat"]>[2]> = {}) => ({
    alert_type: "link_down", severity: "major", category: "network", priority: "P3", priority_reason: "P3 because major", device_name: "sw-1",
    title: "sw-1: link down", message: "down", metrics_json: '{"i":1}', raw_json: `{"n":${n}}`, last_seen_at: `2026-01-01T00:0${n}:00.000Z`,
    event_time: `2026-01-01T00:0${n}:00.000Z`, ...overrides,
  });
  const expect = (count: number, n: number, content: Record<string, unknown>) => assert.deepEqual({ ...stored() }, {
    occurrence_count: count, raw_json: `{"n":${n}}`, last_seen_at: `2026-01-01T00:0${n}:00.000Z`, event_time: `2026-01-01T00:0${n}:00.000Z`, ...content,
  });
  const same = { title: "sw-1: link down", message: "down", metrics_json: '{"i":1}' };
  store.transaction(() => store.repeat(id!, 1, update(1)));
  expect(2, 1, same);
  store.transaction(() => store.repeat(id!, 2, update(2)));
  expect(4, 2, same);
  store.transaction(() => store.repeat(id!, 1, update(3, { title: "sw-1: port 1 down", metrics_json: '{"i":2}' })));
  expect(5, 3, { ...same, title: "sw-1: port 1 down", metrics_json: '{"i":2}' });
  store.transaction(() => store.repeat(id!, 1, update(4)));
  expect(6, 4, same);
  // Another writer changes the row behind this process's back, then the map is reloaded (as at a restart):
  // the next repeat cannot know what the row holds, so it writes the content whole.
  db.prepare("UPDATE alerts SET message = 'edited' WHERE id = ?").run(id);
  openFingerprintsOf(db).discard();
  store.transaction(() => store.repeat(id!, 1, update(5)));
  expect(7, 5, same);
});
