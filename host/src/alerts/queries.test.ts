import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { countUnresolvedAlerts, getAlert, getAlertWithHistory, listAlerts, listConnectorCountersWithAddon, MAX_HISTORY, type AlertFilters } from "./queries.ts";
import { CONNECTOR, MINUTE, addConnector, clear, harness, notice, problem } from "./testdata/fixtures.ts";

function seeded() {
  const h = harness();
  addConnector(h.db, "axis-1", "opsconductor.axis");
  h.manager.ingest(CONNECTOR, [
    problem({ severity: "critical", device_name: "core-sw1", title: "core-sw1: uplink down" }),
    problem({ resource: "ge-0/0/2", severity: "minor", title: "sw1: 100% packet loss" }),
    notice(),
  ]);
  h.manager.ingest("axis-1", [problem({
    connector_type: "opsconductor.axis", alert_type: "camera_offline", category: "video", device_ip: "192.0.2.50",
    device_name: "Cam Lobby", resource: undefined, title: "Cam Lobby offline", severity: "major",
  })]);
  h.clock.advance(MINUTE);
  h.manager.ingest(CONNECTOR, [clear({ resource: "ge-0/0/2" })]);
  h.manager.acknowledge(1, "alice");
  return h;
}

test("listAlerts filters by each field, combined with AND, newest first", () => {
  const { db } = seeded();
  const ids = (filters: AlertFilters) => listAlerts(db, filters).items.map((alert) => alert.id);
  const cases: Array<[string, AlertFilters, number[]]> = [
    ["all", {}, [4, 3, 2, 1]],
    ["status open", { status: ["open"] }, [4]],
    ["status open or acknowledged", { status: ["open", "acknowledged"] }, [4, 1]],
    ["severity", { severity: ["critical", "minor"] }, [2, 1]],
    ["category", { category: ["video"] }, [4]],
    ["connector type", { connector_type: ["opsconductor.axis"] }, [4]],
    ["connector id", { connector_id: CONNECTOR }, [3, 2, 1]],
    ["kind", { kind: ["notice"] }, [3]],
    ["device by ip", { device: "192.0.2.50" }, [4]],
    ["device by name, any case", { device: "CORE-SW1" }, [1]],
    ["text in title", { text: "packet loss" }, [2]],
    ["text is literal, not a LIKE pattern", { text: "100%" }, [2]],
    ["text _ is literal", { text: "ge_0" }, []],
    ["text in device name", { text: "lobby" }, [4]],
    ["stale", { stale: false, status: ["resolved"] }, [3, 2]],
    ["combined", { status: ["resolved"], kind: ["problem"] }, [2]],
  ];
  for (const [name, filters, expected] of cases) assert.deepEqual(ids(filters), expected, name);
});

test("cursor paging walks every alert exactly once, even while new ones arrive", () => {
  const { db, manager } = seeded();
  const seen: number[] = [];
  let page = listAlerts(db, { limit: 3 });
  seen.push(...page.items.map((alert) => alert.id));
  manager.ingest(CONNECTOR, [problem({ resource: "late" })]);
  while (page.nextCursor) {
    page = listAlerts(db, { limit: 3, cursor: page.nextCursor });
    seen.push(...page.items.map((alert) => alert.id));
  }
  assert.deepEqual(seen, [4, 3, 2, 1]);
  assert.equal(listAlerts(db, { limit: 4 }).nextCursor !== null, true, "a newer alert exists");
  assert.equal(listAlerts(db, { limit: 5 }).nextCursor, null);
});

test("bad cursors and limits are refused with coded errors", () => {
  const { db } = seeded();
  const isCode = (code: string) => (error: unknown) => OcError.is(error, code);
  for (const cursor of ["garbage", Buffer.from('{"v":2,"id":3}').toString("base64url"), Buffer.from('{"v":1,"id":-1}').toString("base64url")]) {
    assert.throws(() => listAlerts(db, { cursor }), isCode("CURSOR_INVALID"), cursor);
  }
  for (const limit of [0, 501, 1.5]) assert.throws(() => listAlerts(db, { limit }), isCode("VALIDATION_FAILED"), String(limit));
});

test("records have parsed JSON, booleans and the row's kind", () => {
  const { db } = seeded();
  const alert = getAlert(db, 1)!;
  assert.deepEqual(alert.metrics, { ifIndex: 1 });
  assert.equal(alert.stale, false);
  assert.equal(alert.kind, "problem");
  assert.equal(alert.acknowledged_by, "user:alice");
  assert.equal(getAlert(db, 99), undefined);
});

test("getAlertWithHistory returns the events oldest first; unknown ids are ALERT_NOT_FOUND", () => {
  const { db } = seeded();
  const alert = getAlertWithHistory(db, 2);
  assert.deepEqual(alert.history.map((event) => [event.kind, event.actor]), [["created", `connector:${CONNECTOR}`], ["resolved", `connector:${CONNECTOR}`]]);
  assert.deepEqual(alert.history[1]?.details, { resolution: "clear", alert_type: "link_up" });
  assert.throws(() => getAlertWithHistory(db, 99), (error: unknown) => OcError.is(error, "ALERT_NOT_FOUND"));
});

test("a long history is returned as its latest MAX_HISTORY events, oldest first, with the total", () => {
  const { db, manager } = harness();
  // A severity that swings at every occurrence: one event each.
  manager.ingest(CONNECTOR, Array.from({ length: 1_200 }, (_, i) => problem({ severity: i % 2 === 0 ? "major" : "minor" })));
  const alert = getAlertWithHistory(db, 1);
  assert.equal(alert.history_total, 1_200);
  assert.equal(alert.history.length, MAX_HISTORY);
  const ids = alert.history.map((event) => event.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), "oldest first");
  assert.equal(ids.at(-1), db.prepare("SELECT max(id) FROM alert_events").pluck().get(), "ending with the latest");
  assert.equal(getAlertWithHistory(db, 1).history[0]?.kind, "severity_changed", "the oldest are the ones left out");
});

test("countUnresolvedAlerts counts open and acknowledged alerts per severity, never resolved ones", () => {
  const { db } = seeded();
  assert.deepEqual(countUnresolvedAlerts(db), [
    { severity: "critical", status: "acknowledged", count: 1 },
    { severity: "major", status: "open", count: 1 },
  ]);
});

test("listConnectorCountersWithAddon lists every instance with its addon, zeros for one that counted nothing", () => {
  const { db, manager } = seeded();
  addConnector(db, "quiet-1", "opsconductor.axis");
  manager.ingest("axis-1", [clear({ connector_type: "opsconductor.axis", resource: "never-opened" })]);
  const zero = { received: 0, created: 0, deduplicated: 0, resolved: 0, dropped_clears: 0, notices: 0, polls: 0, poll_failures: 0 };
  assert.deepEqual(listConnectorCountersWithAddon(db), [
    { connector_id: "axis-1", addon_id: "opsconductor.axis", since: "2026-01-01T00:00:00.000Z", ...zero, received: 2, created: 1, dropped_clears: 1 },
    { connector_id: CONNECTOR, addon_id: "opsconductor.prtg", since: "2026-01-01T00:00:00.000Z", ...zero, received: 4, created: 2, resolved: 1, notices: 1 },
    { connector_id: "quiet-1", addon_id: "opsconductor.axis", since: null, ...zero },
  ]);
});
