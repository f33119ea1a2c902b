// Property test: random interleavings of problems, clears, notices, snapshot polls,
// target and poll failures, acknowledgements, manual resolves, evaluation and time,
// across a few keys and targets, checked against a small reference model.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { NormalizedAlert, Severity } from "@opsconductor/sdk";
import { cachedStatement } from "../store/statements.ts";
import type { IngestResult } from "./types.ts";
import { CONNECTOR, MINUTE, TYPE, clear, harness, notice, problem, type Harness } from "./testdata/fixtures.ts";

const KEYS = 3;
const TARGETS = ["t0", "t1"] as const;
const WINDOW_MS = 10 * MINUTE;
const ABSENCE_THRESHOLD = 2;
const targetOf = (key: number) => TARGETS[key % TARGETS.length]!;

type Event = { key: number; role: "problem" | "clear" | "notice"; severity: Severity };
type Op =
  | { op: "push"; events: Event[] }
  | { op: "poll"; snapshot: boolean; events: Event[]; ok: boolean[] }
  | { op: "pollFailed" }
  | { op: "ack" | "unack" | "resolve"; key: number }
  | { op: "evaluate" }
  | { op: "advance"; ms: number };

const eventArb: fc.Arbitrary<Event> = fc.record({
  key: fc.integer({ min: 0, max: KEYS - 1 }),
  role: fc.constantFrom("problem", "problem", "clear", "notice"),
  severity: fc.constantFrom("critical", "major", "minor"),
});
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("push" as const), events: fc.array(eventArb, { maxLength: 5 }) }) },
  { weight: 4, arbitrary: fc.record({
    op: fc.constant("poll" as const), snapshot: fc.boolean(), events: fc.array(eventArb, { maxLength: 4 }),
    ok: fc.array(fc.boolean(), { minLength: TARGETS.length, maxLength: TARGETS.length }),
  }) },
  { weight: 1, arbitrary: fc.constant({ op: "pollFailed" as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("ack" as const, "unack" as const, "resolve" as const), key: fc.integer({ min: 0, max: KEYS - 1 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: "evaluate" as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("advance" as const), ms: fc.constantFrom(MINUTE, 11 * MINUTE) }) },
);

// ---- the reference model -------------------------------------------------------------

interface OpenAlert { status: "open" | "acknowledged"; stale: boolean; absent: number; lastSeen: number; count: number; severity: Severity }
interface HealthAlert { lastSeen: number }

class Model {
  now = 0;
  open: Array<OpenAlert | null> = Array.from({ length: KEYS }, () => null);
  rowsPerKey: number[] = Array.from({ length: KEYS }, () => 0);
  notices = 0;
  // health alerts by target id, "" for the whole instance
  health = new Map<string, HealthAlert>();
  totals = { received: 0, created: 0, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0 };

  ingest(events: readonly Event[]): Set<number> {
    const seen = new Set<number>();
    for (const event of events) {
      this.totals.received++;
      const open = this.open[event.key];
      if (event.role === "notice") {
        this.totals.notices++;
        this.notices++;
      } else if (event.role === "clear") {
        if (open) {
          this.open[event.key] = null;
          this.totals.resolved++;
        } else {
          this.totals.droppedClears++;
        }
      } else if (open && !this.expired(open)) {
        Object.assign(open, { count: open.count + 1, lastSeen: this.now, stale: false, absent: 0, severity: event.severity });
        this.totals.deduplicated++;
        seen.add(event.key);
      } else {
        this.open[event.key] = { status: "open", stale: false, absent: 0, lastSeen: this.now, count: 1, severity: event.severity };
        this.rowsPerKey[event.key]!++;
        this.totals.created++;
        seen.add(event.key);
      }
    }
    return seen;
  }

  poll(snapshot: boolean, events: readonly Event[], ok: readonly boolean[]): void {
    const seen = this.ingest(events);
    this.open.forEach((open, key) => {
      if (!open || seen.has(key)) return;
      if (!ok[key % TARGETS.length]) {
        if (!open.stale) Object.assign(open, { stale: true, absent: 0 });
        return;
      }
      open.stale = false;
      if (!snapshot) return;
      open.absent++;
      if (open.absent >= ABSENCE_THRESHOLD) this.open[key] = null;
    });
    this.health.delete("");
    TARGETS.forEach((target, i) => {
      if (ok[i]) this.health.delete(target);
      else this.raiseHealth(target);
    });
  }

  pollFailed(): void {
    for (const open of this.open) if (open && !open.stale) Object.assign(open, { stale: true, absent: 0 });
    this.raiseHealth("");
  }

  evaluate(): void {
    this.open.forEach((open, key) => {
      if (open && this.expired(open)) this.open[key] = null;
    });
    for (const [target, health] of this.health) {
      if (this.now - health.lastSeen > WINDOW_MS) this.health.delete(target);
    }
  }

  #expiredHealth(health: HealthAlert): boolean {
    return this.now - health.lastSeen > WINDOW_MS;
  }

  private raiseHealth(target: string): void {
    const health = this.health.get(target);
    if (health && !this.#expiredHealth(health)) health.lastSeen = this.now;
    else this.health.set(target, { lastSeen: this.now });
  }

  private expired(open: OpenAlert): boolean {
    return open.status === "open" && !open.stale && this.now - open.lastSeen > WINDOW_MS;
  }
}

// ---- running both ---------------------------------------------------------------------

function toAlert(event: Event): NormalizedAlert {
  const fields = { resource: `r${event.key}`, target: targetOf(event.key), severity: event.severity };
  if (event.role === "clear") return clear({ resource: fields.resource, target: fields.target });
  if (event.role === "notice") return notice({ target: fields.target });
  return problem(fields);
}

function openAlertId(h: Harness, key: number): number | undefined {
  return cachedStatement(h.db, "SELECT id FROM alerts WHERE resource = ? AND kind = 'problem' AND status <> 'resolved'")
    .pluck().get(`r${key}`) as number | undefined;
}

function apply(h: Harness, model: Model, op: Op): IngestResult | undefined {
  switch (op.op) {
    case "push":
      model.ingest(op.events);
      return h.manager.ingest(CONNECTOR, op.events.map(toAlert));
    case "poll":
      model.poll(op.snapshot, op.events, op.ok);
      return h.manager.ingestPoll({
        connectorId: CONNECTOR, connectorType: TYPE, snapshot: op.snapshot, alerts: op.events.map(toAlert),
        targets: TARGETS.map((id, i) => ({ id, ok: op.ok[i]!, code: "BROKER_TIMEOUT" })),
      });
    case "pollFailed":
      model.pollFailed();
      return h.manager.pollFailed(CONNECTOR, TYPE, { code: "ADDON_CRASHED", message: "boom" });
    case "ack":
    case "unack":
    case "resolve": {
      const id = openAlertId(h, op.key);
      const open = model.open[op.key];
      assert.equal(id !== undefined, open !== null, `open alert of key ${op.key}`);
      if (id === undefined || !open) return undefined;
      if (op.op === "ack") {
        h.manager.acknowledge(id, "alice");
        open.status = "acknowledged";
      } else if (op.op === "unack") {
        h.manager.unacknowledge(id, "alice");
        open.status = "open";
      } else {
        h.manager.resolve(id, "alice");
        model.open[op.key] = null;
      }
      return undefined;
    }
    case "evaluate":
      model.evaluate();
      h.manager.evaluate();
      return undefined;
    case "advance":
      model.now += op.ms;
      h.clock.advance(op.ms);
      return undefined;
  }
}

interface ResolvedSnapshot { [id: number]: string }

function checkInvariants(h: Harness, model: Model, resolved: ResolvedSnapshot, sums: IngestResult): void {
  const { db } = h;
  const duplicates = cachedStatement(db,
    "SELECT fingerprint FROM alerts WHERE status <> 'resolved' GROUP BY fingerprint HAVING count(*) > 1").all();
  assert.deepEqual(duplicates, [], "at most one unresolved alert per fingerprint");

  const resolvedRows = cachedStatement(db,
    "SELECT id, status, resolution, resolved_at, resolved_by, occurrence_count, last_seen_at, severity FROM alerts WHERE status = 'resolved'")
    .all() as Array<{ id: number }>;
  const now = new Map(resolvedRows.map((row) => [row.id, JSON.stringify(row)]));
  for (const [id, before] of Object.entries(resolved)) {
    assert.equal(now.get(Number(id)), before, `resolved alert ${id} never changes`);
  }
  for (const [id, row] of now) resolved[id] = row;

  const { received, created, deduplicated, resolved: cleared, droppedClears, notices } = sums;
  assert.equal(created + deduplicated + cleared + droppedClears + notices, received, "every received alert is accounted for");
  assert.deepEqual({ received, created, deduplicated, resolved: cleared, droppedClears, notices }, model.totals, "totals match the model");
  const counters = cachedStatement(db,
    "SELECT received, created, deduplicated, resolved, dropped_clears AS droppedClears, notices FROM connector_counters WHERE connector_id = ?")
    .get(CONNECTOR) ?? { received: 0, created: 0, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0 };
  assert.deepEqual({ ...counters }, model.totals, "the daily counters match");

  for (let key = 0; key < KEYS; key++) {
    const rows = cachedStatement(db,
      "SELECT status, stale, occurrence_count, severity FROM alerts WHERE resource = ? AND kind = 'problem' ORDER BY id")
      .all(`r${key}`) as Array<{ status: string; stale: number; occurrence_count: number; severity: string }>;
    assert.equal(rows.length, model.rowsPerKey[key], `alerts of key ${key}`);
    const open = rows.filter((row) => row.status !== "resolved");
    const expected = model.open[key];
    assert.deepEqual(open, expected ? [{ status: expected.status, stale: expected.stale ? 1 : 0, occurrence_count: expected.count, severity: expected.severity }] : [],
      `open alert of key ${key}`);
  }
  const notices_ = cachedStatement(db, "SELECT count(*) FROM alerts WHERE kind = 'notice' AND status = 'resolved'").pluck().get();
  assert.equal(notices_, model.notices, "notices are stored resolved");
  const health = (cachedStatement(db, "SELECT coalesce(target, '') FROM alerts WHERE kind = 'health' AND status <> 'resolved' ORDER BY 1")
    .pluck().all() as string[]);
  assert.deepEqual(health, [...model.health.keys()].sort(), "open health alerts");
}

test("random interleavings keep the invariants and match the reference model", () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
      const h = harness({ absenceThreshold: ABSENCE_THRESHOLD });
      h.db.exec(`UPDATE deduplication_rules SET window_s = ${WINDOW_MS / 1000} WHERE connector_type = '*'`);
      const model = new Model();
      const resolved: ResolvedSnapshot = {};
      const sums: IngestResult = {
        received: 0, created: 0, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0,
        resolvedByAbsence: 0, expired: 0, markedStale: 0, markedFresh: 0, healthRaised: 0, healthCleared: 0, truncated: 0, overOpenLimit: 0,
      };
      for (const op of ops) {
        const result = apply(h, model, op);
        if (result) for (const name of Object.keys(sums) as Array<keyof IngestResult>) sums[name] += result[name];
        checkInvariants(h, model, resolved, sums);
      }
      h.db.close();
    }),
    { numRuns: 150 },
  );
});
