import { test } from "node:test";
import assert from "node:assert/strict";
import type { PollOutcome, RefusedEvents } from "./types.ts";
import { CONNECTOR, TYPE, harness, problem, rows, type Row } from "./testdata/fixtures.ts";

// Refused events: the addon's normalizer threw on them (or made an invalid alert), so what
// they stand for is unknown. The other alerts of the poll are ingested as usual.

const BOTH_OK = [{ id: "sw1", ok: true }, { id: "sw2", ok: true }];
const onSw1 = problem();
const onSw2 = problem({ target: "sw2", device_ip: "192.0.2.2", resource: "ge-0/0/2" });

function poll(overrides: Partial<PollOutcome> = {}): PollOutcome {
  return { connectorId: CONNECTOR, connectorType: TYPE, alerts: [], snapshot: true, targets: BOTH_OK, ...overrides };
}

function refused(target: string | null, count = 2): RefusedEvents {
  return { target, count, first: { code: "ADDON_NORMALIZE_FAILED", message: "event 3: cannot read sensor" } };
}

const problems = (all: Row[]) => all.filter((row) => row.kind === "problem").map((row) => [row.target, row.status, row.stale]);
const health = (all: Row[]) => all.filter((row) => row.kind === "health");

test("events refused at a target keep its absent alerts open and raise its events-refused alert; the other target resolves; a clean poll clears it", () => {
  const { db, manager } = harness({ absenceThreshold: 1 });
  manager.ingestPoll(poll({ alerts: [onSw1, onSw2] }));
  const result = manager.ingestPoll(poll({ refused: [refused("sw1")] }));
  assert.deepEqual([result.resolvedByAbsence, result.healthRaised, result.markedStale], [1, 1, 0]);
  assert.deepEqual(problems(rows(db)), [["sw1", "open", 0], ["sw2", "resolved", 0]], "sw1's might be a refused one: not counted absent, not stale");
  const [alert] = health(rows(db)) as unknown as Array<Record<string, unknown>>;
  assert.equal(alert?.alert_type, "connector_events_refused");
  assert.equal(alert?.severity, "minor");
  assert.equal(alert?.target, "sw1");
  assert.equal(alert?.title, `Connector "${CONNECTOR}" cannot read every event from target sw1`);
  assert.equal(alert?.message, "2 events of the poll brought no alert; the first: event 3: cannot read sensor");
  assert.equal(manager.ingestPoll(poll({ refused: [refused("sw1", 1)] })).healthRaised, 0, "repeats the open one");

  const clean = manager.ingestPoll(poll());
  assert.deepEqual([clean.healthCleared, clean.resolvedByAbsence], [1, 1]);
  assert.deepEqual(problems(rows(db)), [["sw1", "resolved", 0], ["sw2", "resolved", 0]]);
});

test("events naming no reported target keep every absent alert open and raise the instance's events-refused alert", () => {
  for (const target of [null, "not-reported"]) {
    const { db, manager } = harness({ absenceThreshold: 1 });
    manager.ingestPoll(poll({ alerts: [onSw1, onSw2] }));
    const result = manager.ingestPoll(poll({ alerts: [onSw2], refused: [refused(target, 1)] }));
    assert.deepEqual([result.resolvedByAbsence, result.healthRaised], [0, 1], String(target));
    assert.deepEqual(problems(rows(db)), [["sw1", "open", 0], ["sw2", "open", 0]]);
    const [alert] = health(rows(db));
    assert.deepEqual([alert?.alert_type, alert?.target], ["connector_events_refused", null]);
    assert.equal(alert?.title, `Connector "${CONNECTOR}" cannot read every event from its source`);
    assert.equal(manager.ingestPoll(poll({ alerts: [onSw2] })).healthCleared, 1, String(target));
    assert.deepEqual(problems(rows(db)), [["sw1", "resolved", 0], ["sw2", "open", 0]]);
  }
});

test("a failed target's own health alert wins over its refused events; its alerts go stale as for any failure", () => {
  const { db, manager } = harness({ absenceThreshold: 1 });
  manager.ingestPoll(poll({ alerts: [onSw1] }));
  manager.ingestPoll(poll({ targets: [{ id: "sw1", ok: false, code: "BROKER_HTTP_TIMEOUT" }, { id: "sw2", ok: true }], refused: [refused("sw1")] }));
  assert.deepEqual(problems(rows(db)), [["sw1", "open", 1]]);
  assert.deepEqual(health(rows(db)).map((row) => row.alert_type), ["connector_unreachable"]);
});
