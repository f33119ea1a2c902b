import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError } from "@opsconductor/sdk";
import { ALERT_LIMITS } from "./bounds.ts";
import { AlertManager } from "./manager.ts";
import { openFingerprintsOf } from "./open-fingerprints.ts";
import { getConnectorCounters } from "./queries.ts";
import type { AlertChange, PollOutcome } from "./types.ts";
import {
  CONNECTOR, HOUR, MINUTE, TYPE, addConnector, clear, eventKinds, events, harness, notice, problem, rows,
} from "./testdata/fixtures.ts";

function poll(overrides: Partial<PollOutcome> = {}): PollOutcome {
  return { connectorId: CONNECTOR, connectorType: TYPE, alerts: [], snapshot: true, targets: [{ id: "sw1", ok: true }], ...overrides };
}

test("a problem opens an alert with its created event, priority and actor", () => {
  const { db, manager } = harness();
  const result = manager.ingest(CONNECTOR, [problem()]);
  assert.equal(result.created, 1);
  const [row] = rows(db);
  assert.equal(row?.status, "open");
  assert.equal(row?.kind, "problem");
  assert.equal(row?.occurrence_count, 1);
  assert.equal(row?.priority, "P2");
  assert.equal(row?.priority_reason, "P2 because impact medium (device 192.0.2.1 not in inventory, default) × urgency high (severity major)");
  assert.deepEqual(events(db, row!.id), [{ kind: "created", actor: `connector:${CONNECTOR}`, details: { severity: "major", priority: "P2" } }]);
});

test("repeats within the window deduplicate; a severity change is an event and re-prioritizes", () => {
  const { db, clock, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  clock.advance(MINUTE);
  const result = manager.ingest(CONNECTOR, [problem({ severity: "minor", metrics: { ifIndex: 1, errors: 5 }, timestamp: "2026-01-01T00:01:00.000Z" })]);
  assert.deepEqual([result.created, result.deduplicated], [0, 1]);
  const [row] = rows(db) as unknown as Array<Record<string, unknown>>;
  assert.equal(rows(db).length, 1);
  assert.equal(row?.occurrence_count, 2);
  assert.equal(row?.severity, "minor");
  assert.equal(row?.priority, "P3");
  assert.equal(row?.last_seen_at, "2026-01-01T00:01:00.000Z");
  assert.equal(row?.first_seen_at, "2026-01-01T00:00:00.000Z");
  assert.equal(row?.event_time, "2026-01-01T00:01:00.000Z");
  assert.deepEqual(JSON.parse(row?.metrics_json as string), { ifIndex: 1, errors: 5 });
  assert.deepEqual(eventKinds(db, row!.id as number), ["created", "severity_changed"]);
  assert.deepEqual(events(db, row!.id as number)[1]?.details, { from: "major", to: "minor", priority: "P3", priority_from: "P2" });
});

test("repeats inside one batch coalesce into one row with the right count and events", () => {
  const { db, manager } = harness();
  const result = manager.ingest(CONNECTOR, [problem(), problem(), problem({ severity: "critical" }), problem()]);
  assert.deepEqual([result.received, result.created, result.deduplicated], [4, 1, 3]);
  const [row] = rows(db);
  assert.equal(row?.occurrence_count, 4);
  assert.equal(row?.severity, "major");
  assert.deepEqual(eventKinds(db, row!.id), ["created", "severity_changed", "severity_changed"]);
});

test("an oversized message and raw event are stored cut to the store's bounds, the cut named in history and counted", () => {
  const { db, manager } = harness();
  const huge = problem({ message: "boom ".repeat(100_000), raw: { alert_type: "link_down", dump: "d".repeat(500_000) } });
  const result = manager.ingest(CONNECTOR, [huge]);
  assert.deepEqual([result.created, result.truncated], [1, 1]);
  const [row] = rows(db) as unknown as Array<Record<string, unknown>>;
  assert.equal((row?.message as string).length <= ALERT_LIMITS.message, true);
  assert.match(row?.message as string, /^boom boom .* more characters cut\]$/);
  assert.equal(JSON.parse(row?.raw_json as string)._truncated.characters, JSON.stringify(huge.raw).length);
  assert.deepEqual(events(db, row!.id as number)[0]?.details, { severity: "major", priority: "P2", truncated: ["message", "raw"] });
  // A repeat of it is cut the same way (and counted), without another event.
  const again = manager.ingest(CONNECTOR, [huge]);
  assert.deepEqual([again.deduplicated, again.truncated], [1, 1]);
  assert.equal((rows(db)[0] as unknown as { raw_json: string }).raw_json.length < ALERT_LIMITS.rawJson, true);
  assert.deepEqual(eventKinds(db, row!.id as number), ["created"]);
});

test("an instance at its open limit stores further new problems as notices naming the limit; repeats, clears and health alerts go on", () => {
  const { db, clock, manager } = harness({ openLimit: 3 });
  const result = manager.ingest(CONNECTOR, Array.from({ length: 5 }, (_, i) => problem({ resource: `port-${i}` })));
  assert.deepEqual([result.created, result.overOpenLimit, result.healthRaised], [3, 2, 1]);
  const stored = rows(db) as unknown as Array<{ id: number; resource: string; status: string; kind: string; alert_type: string }>;
  assert.deepEqual(stored.filter((row) => row.kind !== "health").map((row) => [row.resource, row.kind, row.status]), [
    ["port-0", "problem", "open"], ["port-1", "problem", "open"], ["port-2", "problem", "open"],
    ["port-3", "notice", "resolved"], ["port-4", "notice", "resolved"],
  ]);
  assert.deepEqual(events(db, stored[3]!.id)[0]?.details, { severity: "major", notice: true, over_open_limit: 3 });
  const health = () => (rows(db) as unknown as typeof stored).filter((row) => row.kind === "health" && row.alert_type === "connector_open_limit");
  assert.deepEqual(health().map((row) => row.status), ["open"], "the admin hears of it: one health alert on the instance");
  clock.advance(MINUTE);
  assert.equal(manager.ingest(CONNECTOR, [problem({ resource: "port-1" })]).deduplicated, 1, "an open alert still repeats");
  const cleared = manager.ingest(CONNECTOR, [clear({ resource: "port-1" })]);
  assert.deepEqual([cleared.resolved, cleared.healthCleared], [1, 1], "under 90% of the limit again: the health alert resolves");
  assert.deepEqual(health().map((row) => row.status), ["resolved"]);
  assert.equal(manager.ingest(CONNECTOR, [problem({ resource: "port-9" })]).created, 1, "a place freed by the clear");
  assert.equal(manager.pollFailed(CONNECTOR, TYPE, { code: "BROKER_HTTP_TIMEOUT", message: "timed out" }).healthRaised, 1, "health alerts are not held back");
  // After a restart the count is the store's (the in-memory view reloaded from the table).
  openFingerprintsOf(db).discard();
  const restarted = new AlertManager(db, { clock, openLimit: 3 });
  assert.equal(restarted.ingest(CONNECTOR, [problem({ resource: "port-10" })]).overOpenLimit, 1);
});

test("an over-the-limit key is recorded once; its repeats are counted, not recorded again; a place freed in the same batch is taken", () => {
  const { db, manager } = harness({ openLimit: 2 });
  manager.ingest(CONNECTOR, [problem({ resource: "a" }), problem({ resource: "b" })]);
  const flood = manager.ingest(CONNECTOR, [problem({ resource: "c" }), problem({ resource: "c" }), problem({ resource: "c" })]);
  assert.deepEqual([flood.overOpenLimit, flood.deduplicated, flood.healthRaised], [3, 2, 1]);
  const again = manager.ingest(CONNECTOR, [problem({ resource: "c" })]);
  assert.deepEqual([again.overOpenLimit, again.deduplicated, again.notices, again.healthRaised], [1, 1, 0, 0], "the health alert repeats, not raised twice");
  assert.equal((rows(db) as unknown as Array<{ resource: string }>).filter((row) => row.resource === "c").length, 1, "one notice for the key, however often it comes");
  // A clear early in a batch frees a place for a problem later in it.
  const swap = manager.ingest(CONNECTOR, [clear({ resource: "a" }), problem({ resource: "d" })]);
  assert.deepEqual([swap.resolved, swap.created, swap.overOpenLimit], [1, 1, 0]);
  // Below the limit again, the remembered key opens for real.
  manager.ingest(CONNECTOR, [clear({ resource: "b" })]);
  assert.equal(manager.ingest(CONNECTOR, [problem({ resource: "c" })]).created, 1);
  assert.equal((rows(db) as unknown as Array<{ resource: string; status: string }>).filter((row) => row.resource === "c" && row.status === "open").length, 1);
});

test("the dedup window: a repeat after the window of silence expires the old alert and opens a new one", () => {
  const { db, clock, manager } = harness();
  db.exec("UPDATE deduplication_rules SET window_s = 600 WHERE connector_type = '*'");
  manager.ingest(CONNECTOR, [problem()]);
  clock.advance(9 * MINUTE);
  assert.equal(manager.ingest(CONNECTOR, [problem()]).deduplicated, 1, "inside the window");
  clock.advance(11 * MINUTE);
  const result = manager.ingest(CONNECTOR, [problem()]);
  assert.deepEqual([result.created, result.expired], [1, 1]);
  const [old, fresh] = rows(db);
  assert.deepEqual([old?.status, old?.resolution, fresh?.status], ["resolved", "expired", "open"]);
  assert.equal(events(db, old!.id).at(-1)?.actor, "system");
});

test("acknowledged and stale alerts do not expire; a window of 0 never expires", () => {
  const cases: Array<[string, (h: ReturnType<typeof harness>, id: number) => void, string]> = [
    ["acknowledged", (h, id) => h.manager.acknowledge(id, "alice"), "UPDATE deduplication_rules SET window_s = 600"],
    ["stale", (h) => h.manager.pollFailed(CONNECTOR, TYPE, { code: "BROKER_TIMEOUT", message: "timeout" }), "UPDATE deduplication_rules SET window_s = 600"],
    ["window 0", () => {}, "UPDATE deduplication_rules SET window_s = 0"],
  ];
  for (const [name, prepare, sql] of cases) {
    const h = harness();
    h.db.exec(sql);
    h.manager.ingest(CONNECTOR, [problem()]);
    prepare(h, rows(h.db)[0]!.id);
    h.clock.advance(2 * HOUR);
    h.manager.evaluate();
    assert.notEqual(rows(h.db)[0]?.status, "resolved", name);
    const result = h.manager.ingest(CONNECTOR, [problem()]);
    assert.deepEqual([result.deduplicated, result.expired], [1, 0], name);
  }
});

test("a clear resolves the open alert of its key; a problem after it opens a new alert", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  const result = manager.ingest(CONNECTOR, [clear()]);
  assert.equal(result.resolved, 1);
  manager.ingest(CONNECTOR, [problem()]);
  const [first, second] = rows(db);
  assert.deepEqual([first?.status, first?.resolution, second?.status], ["resolved", "clear", "open"]);
  assert.deepEqual(eventKinds(db, first!.id), ["created", "resolved"]);
  assert.equal(events(db, first!.id)[1]?.actor, `connector:${CONNECTOR}`);
});

test("problem, clear, problem inside one batch: two alerts, the first resolved", () => {
  const { db, manager } = harness();
  const result = manager.ingest(CONNECTOR, [problem(), clear(), problem()]);
  assert.deepEqual([result.created, result.resolved], [2, 1]);
  assert.deepEqual(rows(db).map((row) => row.status), ["resolved", "open"]);
});

test("a clear for an unknown key, or another resource, is dropped and counted", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  const result = manager.ingest(CONNECTOR, [clear({ resource: "ge-0/0/9" }), clear({ device_ip: "192.0.2.9" })]);
  assert.deepEqual([result.received, result.droppedClears, result.resolved], [2, 2, 0]);
  assert.equal(rows(db)[0]?.status, "open");
  assert.equal(getConnectorCounters(db, CONNECTOR)?.dropped_clears, 2);
});

test("notices are stored already resolved, as kind notice, and touch no problem", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  const result = manager.ingest(CONNECTOR, [notice(), notice()]);
  assert.deepEqual([result.notices, result.created], [2, 0]);
  const notices = rows(db).filter((row) => row.kind === "notice");
  assert.equal(notices.length, 2);
  for (const row of notices) {
    assert.equal(row.status, "resolved");
    assert.equal(row.resolution, null);
    assert.deepEqual(eventKinds(db, row.id), ["created"]);
  }
  assert.equal(rows(db)[0]?.status, "open");
});

test("alert type templates render the title; device criticality and template urgency set the priority", () => {
  const { db, manager } = harness();
  db.exec(`INSERT INTO alert_type_templates (connector_type, alert_type, title_template, urgency, updated_at)
      VALUES ('${TYPE}', 'link_down', '{device_name}: port {resource} down ({metrics.ifIndex})', 'medium', 'x');
    INSERT INTO devices (external_id, name, ip, criticality, first_seen_at, last_seen_at)
      VALUES ('d1', 'core-sw1', '192.0.2.1', 'high', 'x', 'x')`);
  manager.ingest(CONNECTOR, [problem()]);
  const [row] = rows(db);
  assert.equal(row?.title, "sw1: port ge-0/0/1 down (1)");
  assert.equal(row?.priority, "P2");
  assert.equal(row?.priority_reason, "P2 because impact high (device core-sw1 criticality high) × urgency medium (template for link_down)");
});

test("a device added, re-rated or removed between batches changes the next priority (the device cache forgets)", () => {
  const { db, clock, manager } = harness();
  const reasonOf = () => (rows(db).at(-1)?.priority_reason ?? "").replace(/ × .*/, "");
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(reasonOf(), "P2 because impact medium (device 192.0.2.1 not in inventory, default)");
  db.exec(`INSERT INTO devices (external_id, name, ip, criticality, first_seen_at, last_seen_at) VALUES ('d1', 'core-sw1', '192.0.2.1', 'low', 'x', 'x')`);
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(reasonOf(), "P3 because impact low (device core-sw1 criticality low)");
  db.exec("UPDATE devices SET criticality = 'high' WHERE external_id = 'd1'");
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(reasonOf(), "P1 because impact high (device core-sw1 criticality high)");
  db.exec("DELETE FROM devices");
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(reasonOf(), "P2 because impact medium (device 192.0.2.1 not in inventory, default)");
});

test("a repeat whose priority changed (the device was re-rated) records a priority_changed event", () => {
  const { db, clock, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  const id = rows(db)[0]!.id as number;
  assert.deepEqual(eventKinds(db, id), ["created"], "same priority: a repeat is no event");
  db.exec(`INSERT INTO devices (external_id, name, ip, criticality, first_seen_at, last_seen_at) VALUES ('d1', 'core-sw1', '192.0.2.1', 'high', 'x', 'x')`);
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  assert.deepEqual(eventKinds(db, id), ["created", "priority_changed"]);
  const details = JSON.parse((db.prepare("SELECT details_json FROM alert_events WHERE alert_id = ? AND kind = 'priority_changed'").get(id) as { details_json: string }).details_json);
  assert.deepEqual([details.from, details.to], ["P2", "P1"]);
  assert.match(details.reason, /^P1 because impact high \(device core-sw1 criticality high\)/);
  assert.equal(rows(db)[0]?.priority, "P1");
  clock.advance(MINUTE);
  manager.ingest(CONNECTOR, [problem()]);
  assert.deepEqual(eventKinds(db, id), ["created", "priority_changed"], "the new priority is remembered: no second event");
});

test("invalidateMappings makes a mapping edit take effect", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  db.exec(`INSERT INTO alert_type_templates (connector_type, alert_type, title_template, updated_at) VALUES ('*', 'link_down', 'T {resource}', 'x')`);
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(rows(db)[0]?.title, "sw1: link down", "cached rules until invalidated");
  manager.invalidateMappings();
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(rows(db)[0]?.title, "T ge-0/0/1");
  assert.deepEqual(manager.mappingSnapshot(TYPE).connector_type, TYPE);
});

test("snapshot absence resolves after absenceThreshold consecutive successful snapshots", () => {
  const cases: Array<[number, number]> = [[1, 1], [2, 2], [3, 3]];
  for (const [threshold, pollsToResolve] of cases) {
    const { db, manager } = harness({ absenceThreshold: threshold });
    manager.ingestPoll(poll({ alerts: [problem()] }));
    for (let i = 1; i < pollsToResolve; i++) {
      assert.equal(manager.ingestPoll(poll()).resolvedByAbsence, 0, `threshold ${threshold}, poll ${i}`);
    }
    assert.equal(manager.ingestPoll(poll()).resolvedByAbsence, 1, `threshold ${threshold}`);
    assert.equal(rows(db)[0]?.resolution, "absence");
  }
});

test("being seen again resets the absence count; non-snapshot polls never resolve by absence", () => {
  const { db, manager } = harness();
  manager.ingestPoll(poll({ alerts: [problem()] }));
  manager.ingestPoll(poll());
  manager.ingestPoll(poll({ alerts: [problem()] }));
  manager.ingestPoll(poll());
  assert.equal(rows(db)[0]?.status, "open");
  manager.ingestPoll(poll({ snapshot: false }));
  manager.ingestPoll(poll({ snapshot: false }));
  assert.equal(rows(db)[0]?.status, "open");
});

test("failed targets: their alerts go stale (never resolved), then fresh when the target is ok or the alert is seen", () => {
  const { db, manager } = harness();
  const other = problem({ target: "sw2", device_ip: "192.0.2.2" });
  manager.ingestPoll(poll({ alerts: [problem(), other], targets: [{ id: "sw1", ok: true }, { id: "sw2", ok: true }] }));
  const failing = poll({ targets: [{ id: "sw1", ok: false, code: "BROKER_TIMEOUT" }, { id: "sw2", ok: true }], alerts: [other] });
  for (let i = 0; i < 3; i++) manager.ingestPoll(failing);
  const problems = rows(db).filter((row) => row.kind === "problem");
  assert.deepEqual(problems.map((row) => [row.status, row.stale]), [["open", 1], ["open", 0]]);
  assert.deepEqual(eventKinds(db, problems[0]!.id), ["created", "stale"], "stale once, not per poll");
  const result = manager.ingestPoll(poll({ targets: [{ id: "sw1", ok: true }, { id: "sw2", ok: true }], alerts: [problem(), other] }));
  assert.equal(result.markedFresh, 1);
  assert.equal(rows(db)[0]?.stale, 0);
  assert.deepEqual(eventKinds(db, problems[0]!.id), ["created", "stale", "fresh"]);
});

test("a stale alert absent once its target is ok again is freshened, then resolved by absence", () => {
  const { db, manager } = harness();
  manager.ingestPoll(poll({ alerts: [problem()] }));
  manager.ingestPoll(poll({ targets: [{ id: "sw1", ok: false }] }));
  manager.ingestPoll(poll());
  assert.deepEqual([rows(db)[0]?.stale, rows(db)[0]?.status], [0, "open"]);
  manager.ingestPoll(poll());
  assert.equal(rows(db)[0]?.resolution, "absence");
});

test("alerts without a target belong to the instance: absence only when no target failed", () => {
  const { db, manager } = harness();
  const instanceWide = problem({ target: undefined, resource: "license" });
  manager.ingestPoll(poll({ alerts: [instanceWide] }));
  const partial = poll({ targets: [{ id: "sw1", ok: true }, { id: "sw2", ok: false }] });
  manager.ingestPoll(partial);
  manager.ingestPoll(partial);
  assert.equal(rows(db).find((row) => row.kind === "problem")?.status, "open");
  manager.ingestPoll(poll());
  manager.ingestPoll(poll());
  assert.equal(rows(db).find((row) => row.kind === "problem")?.resolution, "absence");
});

test("alerts of a target the poll does not report are left alone", () => {
  const { db, manager } = harness();
  manager.ingestPoll(poll({ alerts: [problem({ target: "gone" })] }));
  for (let i = 0; i < 3; i++) manager.ingestPoll(poll());
  assert.deepEqual([rows(db)[0]?.status, rows(db)[0]?.stale], ["open", 0]);
});

test("a failed target raises one health alert, typed by the error code, cleared by a later ok poll", () => {
  const cases: Array<[string, string]> = [
    ["BROKER_HTTP_TIMEOUT", "connector_unreachable"], ["ECONNREFUSED", "connector_unreachable"],
    ["BROKER_AUTH_FAILED", "connector_auth_failed"], ["HTTP_401", "connector_auth_failed"],
    ["ADDON_PARSE_ERROR", "connector_poll_failed"],
  ];
  for (const [code, alertType] of cases) {
    const { db, manager } = harness();
    const failed = poll({ targets: [{ id: "sw1", ok: false, code, message: "boom", host: "192.0.2.1", name: "Switch 1" }] });
    assert.equal(manager.ingestPoll(failed).healthRaised, 1, code);
    assert.equal(manager.ingestPoll(failed).healthRaised, 0, `${code}: repeats the open one`);
    const health = rows(db).filter((row) => row.kind === "health");
    assert.equal(health.length, 1);
    const row = health[0] as unknown as Record<string, unknown>;
    assert.equal(row.alert_type, alertType, code);
    assert.equal(row.connector_type, TYPE);
    assert.equal(row.device_ip, "192.0.2.1");
    assert.equal(row.resource, "sw1");
    assert.equal(row.occurrence_count, 2);
    assert.equal(manager.ingestPoll(poll()).healthCleared, 1, code);
    assert.equal(rows(db).find((r) => r.kind === "health")?.resolution, "clear");
  }
});

test("the health alert takes the target's host and name from the instance's configured targets", () => {
  const { db, manager } = harness();
  db.exec(`UPDATE connectors SET config_json = '{"targets":[{"id":"sw1","host":"10.9.9.9","name":"Core"}]}'`);
  manager.ingestPoll(poll({ targets: [{ id: "sw1", ok: false, code: "TIMEOUT" }] }));
  const row = rows(db).find((r) => r.kind === "health") as unknown as Record<string, unknown>;
  assert.equal(row.device_ip, "10.9.9.9");
  assert.equal(row.title, `Connector "${CONNECTOR}" cannot reach target Core (10.9.9.9)`);
});

test("a health alert names its connector by the name admins gave it, and a whole-instance one takes it as device name", () => {
  const { db, manager } = harness();
  db.exec(`UPDATE connectors SET name = 'Core PRTG'`);
  manager.pollFailed(CONNECTOR, TYPE, { code: "BROKER_TIMEOUT", message: "no answer" });
  const row = rows(db).find((r) => r.kind === "health") as unknown as Record<string, unknown>;
  assert.equal(row.title, `Connector "Core PRTG" cannot reach its source`);
  assert.equal(row.device_name, "Core PRTG");
});

test("pollFailed marks every open problem stale and raises the instance health alert; a good poll clears it", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem(), problem({ resource: "ge-0/0/2", target: "sw2" })]);
  const result = manager.pollFailed(CONNECTOR, TYPE, { code: "ADDON_AUTH_FAILED", message: "401" });
  assert.deepEqual([result.markedStale, result.healthRaised], [2, 1]);
  const health = rows(db).find((row) => row.kind === "health");
  assert.equal(health?.alert_type, "connector_auth_failed");
  assert.equal(health?.target, null);
  assert.equal(health?.stale, 0);
  assert.equal(manager.pollFailed(CONNECTOR, TYPE, { code: "ADDON_AUTH_FAILED", message: "401" }).markedStale, 0, "already stale");
  const ok = manager.ingestPoll(poll({ targets: [{ id: "sw1", ok: true }, { id: "sw2", ok: true }], alerts: [problem()] }));
  assert.equal(ok.healthCleared, 1);
  assert.equal(rows(db).filter((row) => row.kind === "problem" && row.stale === 1).length, 0);
});

test("resolveInstance resolves every unresolved alert of the instance, its health alert too, as 'manual' by the actor; others untouched", () => {
  const { db, manager } = harness();
  addConnector(db, "other");
  manager.ingest(CONNECTOR, [problem(), problem({ resource: "ge-0/0/2" })]);
  manager.pollFailed(CONNECTOR, TYPE, { code: "BROKER_HTTP_TIMEOUT", message: "timed out" });
  manager.ingest("other", [problem()]);
  assert.equal(manager.resolveInstance(CONNECTOR, "user:alice", "connector deleted"), 3);
  const all = db.prepare("SELECT connector_id, kind, status, resolution, resolved_by FROM alerts ORDER BY id").all();
  assert.deepEqual(all, [
    { connector_id: CONNECTOR, kind: "problem", status: "resolved", resolution: "manual", resolved_by: "user:alice" },
    { connector_id: CONNECTOR, kind: "problem", status: "resolved", resolution: "manual", resolved_by: "user:alice" },
    { connector_id: CONNECTOR, kind: "health", status: "resolved", resolution: "manual", resolved_by: "user:alice" },
    { connector_id: "other", kind: "problem", status: "open", resolution: null, resolved_by: null },
  ]);
  assert.deepEqual(events(db, 1).at(-1), { kind: "resolved", actor: "user:alice", details: { resolution: "manual", reason: "connector deleted" } });
  assert.equal(manager.resolveInstance(CONNECTOR, "user:alice", "again"), 0);
});

test("acknowledge, unacknowledge and manual resolve record user and time; errors are coded", () => {
  const { db, clock, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  const id = rows(db)[0]!.id;
  clock.advance(MINUTE);
  const acked = manager.acknowledge(id, "user:alice", "looking");
  assert.deepEqual([acked.status, acked.acknowledged_by, acked.acknowledged_at], ["acknowledged", "user:alice", "2026-01-01T00:01:00.000Z"]);
  assert.equal(manager.acknowledge(id, "bob").acknowledged_by, "user:alice", "acknowledging twice changes nothing");
  const unacked = manager.unacknowledge(id, "bob");
  assert.deepEqual([unacked.status, unacked.acknowledged_by], ["open", null]);
  const resolved = manager.resolve(id, "alice", "fixed the cable");
  assert.deepEqual([resolved.status, resolved.resolution, resolved.resolved_by], ["resolved", "manual", "user:alice"]);
  assert.deepEqual(events(db, id).map((e) => [e.kind, e.actor]), [
    ["created", `connector:${CONNECTOR}`], ["acknowledged", "user:alice"], ["unacknowledged", "user:bob"], ["resolved", "user:alice"],
  ]);
  assert.deepEqual(events(db, id)[1]?.details, { note: "looking" });
  const isCode = (code: string) => (error: unknown) => OcError.is(error, code);
  assert.throws(() => manager.acknowledge(id, "alice"), isCode("ALERT_ALREADY_RESOLVED"));
  assert.throws(() => manager.unacknowledge(id, "alice"), isCode("ALERT_ALREADY_RESOLVED"));
  assert.throws(() => manager.resolve(id, "alice"), isCode("ALERT_ALREADY_RESOLVED"));
  assert.throws(() => manager.acknowledge(999, "alice"), isCode("ALERT_NOT_FOUND"));
  assert.throws(() => manager.resolve(999, "alice"), isCode("ALERT_NOT_FOUND"));
  assert.throws(() => manager.acknowledge(id, " "), isCode("VALIDATION_FAILED"));
});

test("a clear resolves an acknowledged alert too", () => {
  const { db, manager } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  manager.acknowledge(rows(db)[0]!.id, "alice");
  assert.equal(manager.ingest(CONNECTOR, [clear()]).resolved, 1);
});

test("daily counters per connector add up, are created on demand and reset", () => {
  const { db, clock, manager } = harness();
  addConnector(db, "other");
  manager.ingest(CONNECTOR, [problem(), problem(), clear(), clear(), notice()]);
  manager.ingest("other", [problem()]);
  manager.ingest("not-a-connector", [problem()]);
  const counters = getConnectorCounters(db, CONNECTOR);
  assert.deepEqual(
    [counters?.received, counters?.created, counters?.deduplicated, counters?.resolved, counters?.dropped_clears, counters?.notices],
    [5, 1, 1, 1, 1, 1],
  );
  assert.equal(getConnectorCounters(db, "other")?.created, 1);
  assert.equal(getConnectorCounters(db, "not-a-connector"), undefined);
  clock.advance(HOUR);
  assert.deepEqual(manager.resetCounters(), { reset: 2 });
  const reset = getConnectorCounters(db, CONNECTOR);
  assert.deepEqual([reset?.received, reset?.since], [0, "2026-01-01T01:00:00.000Z"]);
});

test("evaluate marks the problems of an instance without a recent successful poll stale", () => {
  const { db, clock, manager } = harness({ staleAfterIntervals: 3 });
  manager.ingest(CONNECTOR, [problem()]);
  db.exec(`UPDATE connectors SET last_poll_at = '2026-01-01T00:00:00.000Z', last_success_at = '2026-01-01T00:00:00.000Z'`);
  clock.advance(3 * MINUTE);
  assert.equal(manager.evaluate().markedStale, 0, "3 intervals is not yet silent");
  clock.advance(1000);
  assert.equal(manager.evaluate().markedStale, 1);
  assert.equal(manager.evaluate().markedStale, 0, "once");
  assert.deepEqual(eventKinds(db, rows(db)[0]!.id), ["created", "stale"]);
});

test("evaluate leaves push-only instances (never polled) alone", () => {
  const { manager, clock } = harness();
  manager.ingest(CONNECTOR, [problem()]);
  clock.advance(24 * HOUR - 1);
  assert.deepEqual(manager.evaluate(), { markedStale: 0, expired: 0, flapping: 0 });
});

test("evaluate expires open alerts silent for longer than their type's window", () => {
  const { db, clock, manager } = harness();
  db.exec(`INSERT INTO deduplication_rules (connector_type, fields_json, window_s, updated_at)
    VALUES ('${TYPE}', '["connector_id","device_ip","alert_type_base","resource"]', 300, 'x')`);
  manager.ingest(CONNECTOR, [problem(), problem({ resource: "ge-0/0/2" })]);
  clock.advance(4 * MINUTE);
  manager.ingest(CONNECTOR, [problem({ resource: "ge-0/0/2" })]);
  clock.advance(2 * MINUTE);
  assert.equal(manager.evaluate().expired, 1);
  assert.deepEqual(rows(db).map((row) => row.resolution), ["expired", null]);
});

test("flapping: a key reopened flapThreshold times within the window gets one flapping event", () => {
  const { db, clock, manager } = harness({ flapThreshold: 3 });
  const cycle = () => {
    manager.ingest(CONNECTOR, [problem()]);
    clock.advance(MINUTE);
    manager.ingest(CONNECTOR, [clear()]);
    clock.advance(MINUTE);
  };
  for (let i = 0; i < 3; i++) cycle();
  assert.equal(manager.evaluate().flapping, 0, "two reopenings");
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(manager.evaluate().flapping, 1);
  assert.equal(manager.evaluate().flapping, 0, "noted once");
  const latest = rows(db).at(-1)!;
  assert.deepEqual(eventKinds(db, latest.id), ["created", "flapping"]);
  assert.equal(events(db, latest.id)[1]?.details.reopened, 3);
  clock.advance(2 * HOUR);
  manager.ingest(CONNECTOR, [clear()]);
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(manager.evaluate().flapping, 0, "old cycles are outside the hour");
});

test("listeners hear each change after commit, never from inside the transaction", () => {
  const { db, manager } = harness();
  const heard: Array<AlertChange & { inTransaction: boolean }> = [];
  const stop = manager.onChange((change) => heard.push({ ...change, inTransaction: db.inTransaction }));
  manager.ingest(CONNECTOR, [problem(), problem({ resource: "x" }), clear({ resource: "x" })]);
  const [first, second] = rows(db);
  assert.deepEqual(heard.map((c) => [c.kind, c.alertId, c.inTransaction]), [
    ["created", first!.id, false], ["created", second!.id, false], ["resolved", second!.id, false],
  ]);
  manager.acknowledge(first!.id, "alice");
  assert.equal(heard.at(-1)?.kind, "acknowledged");
  stop();
  manager.ingest(CONNECTOR, [problem()]);
  assert.equal(heard.length, 4);
});

test("a throwing listener does not undo or break the ingest", () => {
  const { db, manager } = harness();
  manager.onChange(() => {
    throw new Error("closed stream");
  });
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on("warning", onWarning);
  try {
    assert.equal(manager.ingest(CONNECTOR, [problem()]).created, 1);
  } finally {
    process.off("warning", onWarning);
  }
  assert.equal(rows(db).length, 1);
});

test("a failing batch rolls back whole: nothing written, nothing heard", () => {
  const { db, manager } = harness();
  const heard: AlertChange[] = [];
  manager.onChange((change) => heard.push(change));
  const broken = problem({ resource: "y" });
  (broken as { message: unknown }).message = null;
  assert.throws(() => manager.ingest(CONNECTOR, [problem(), broken]));
  assert.equal(rows(db).length, 0);
  assert.deepEqual(heard, []);
});
