import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError, type NormalizedAlert } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { createTestScheduler, runsOf, settle } from "../scheduler/testing.ts";
import type { SchedulerOptions } from "../scheduler/scheduler.ts";
import { connectorPollKind, type ConnectorPoll, type PollExecutor } from "./connector-poll.ts";
import { connectorPollKey, syncConnectorJobs } from "./connector-jobs.ts";
import { insertAddon, insertConnector, RecordingAlertSink } from "./testing.ts";

type Script = ConnectorPoll | OcError | Error | "hang" | "hold";

/**
 * An in-test connector: each poll plays the next scripted step (the last one repeats): a result, a
 * thrown error, a hang that ignores the signal, or "hold" — wait for `release()`, then succeed.
 */
class ScriptedConnector implements PollExecutor {
  readonly signals: AbortSignal[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly #script: Script[];
  #held: Array<() => void> = [];
  constructor(script: Script[]) {
    this.#script = script;
  }
  async poll(_connectorId: string, signal: AbortSignal): Promise<ConnectorPoll> {
    this.signals.push(signal);
    const step = this.#script.length > 1 ? this.#script.shift()! : this.#script[0]!;
    if (step === "hang") return new Promise(() => {});
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      if (step === "hold") {
        await new Promise<void>((resolve) => this.#held.push(resolve));
        return okPoll();
      }
      if (step instanceof Error) throw step;
      return step;
    } finally {
      this.inFlight--;
    }
  }
  release(): void {
    for (const resolve of this.#held.splice(0)) resolve();
  }
}

const alert: NormalizedAlert = {
  connector_type: "opsconductor.eaton-ups", alert_type: "on_battery", role: "problem", severity: "major", category: "power",
  device_ip: "192.0.2.10", device_name: "ups-1", title: "UPS on battery", message: "utility power lost",
  timestamp: "2026-01-01T00:00:00.000Z", metrics: { battery_pct: 87 }, raw: {},
};

function okPoll(targets = [{ id: "ups-1", ok: true }]): ConnectorPoll {
  return { connectorType: "opsconductor.eaton-ups", alerts: [alert], snapshot: true, targets };
}

function setup(script: Script[], options: Partial<SchedulerOptions> = {}, pollIntervalS = 30) {
  const sink = new RecordingAlertSink();
  const connector = new ScriptedConnector(script);
  const harness = createTestScheduler(({ db, clock }) => [connectorPollKind({ db, clock, alerts: sink, polls: connector })], options);
  insertAddon(harness.db, "opsconductor.eaton-ups");
  insertConnector(harness.db, "ups-a", "opsconductor.eaton-ups", { pollIntervalS });
  return { ...harness, sink, connector, key: connectorPollKey("ups-a") };
}

function connectorRow(db: Db, id: string) {
  return db.prepare(`SELECT status, status_code, status_message, last_poll_at, last_success_at, consecutive_failures
    FROM connectors WHERE id = ?`).get(id) as Record<string, unknown>;
}

function counters(db: Db, id: string) {
  return db.prepare("SELECT polls, poll_failures FROM connector_counters WHERE connector_id = ?").get(id);
}

test("a successful poll feeds ingestPoll and marks the connector ok", async () => {
  const { scheduler, db, sink, key } = setup([okPoll()]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  const run = runsOf(db, key)[0]!;
  assert.equal(run.status, "ok");
  assert.deepEqual(sink.polls, [{
    connectorId: "ups-a", connectorType: "opsconductor.eaton-ups", alerts: [alert], snapshot: true, targets: [{ id: "ups-1", ok: true }],
  }]);
  assert.deepEqual(run.result, {
    connector_id: "ups-a", connector_type: "opsconductor.eaton-ups", snapshot: true, alerts: 1, targets_ok: 1, targets_failed: 0,
    ingest: { received: 1, created: 1, deduplicated: 0, resolved: 0, droppedClears: 0, notices: 0, resolvedByAbsence: 0,
      expired: 0, markedStale: 0, markedFresh: 0, healthRaised: 0, healthCleared: 0, truncated: 0, overOpenLimit: 0 },
  });
  assert.deepEqual(connectorRow(db, "ups-a"), {
    status: "ok", status_code: null, status_message: null, last_poll_at: "2026-01-01T00:00:00.000Z",
    last_success_at: "2026-01-01T00:00:00.000Z", consecutive_failures: 0,
  });
  assert.deepEqual(counters(db, "ups-a"), { polls: 1, poll_failures: 0 });

  // POST /connectors/:id/poll: a manual poll, answered with its finished run.
  const manual = await scheduler.runNow(key);
  assert.deepEqual([manual.status, manual.trigger], ["ok", "manual"]);
  assert.equal(sink.polls.length, 2);
  assert.deepEqual(counters(db, "ups-a"), { polls: 2, poll_failures: 0 });
  await scheduler.stop();
});

test("a poll with a failed target stays ok but carries the target's code", async () => {
  const targets = [{ id: "ups-1", ok: true }, { id: "ups-2", ok: false, code: "CONNECTOR_UNREACHABLE", message: "timed out" }];
  const { scheduler, db } = setup([okPoll(targets)]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  const row = connectorRow(db, "ups-a");
  assert.deepEqual([row.status, row.status_code, row.status_message], ["ok", "CONNECTOR_UNREACHABLE", "1 of 2 targets failed; ups-2: timed out"]);
  await scheduler.stop();
});

test("a poll with refused events stays ok, passes them to the AlertManager, and counts them in its run and the connector's status", async () => {
  const refused = [
    { target: "ups-1", count: 2, first: { code: "ADDON_NORMALIZE_FAILED", message: "event 4: no status" } },
    { target: null, count: 1, first: { code: "ADDON_RESULT_INVALID", message: "the alert for event 9 is invalid" } },
  ];
  const { scheduler, db, sink, key } = setup([{ ...okPoll(), refused }]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  const run = runsOf(db, key)[0]!;
  assert.equal(run.status, "ok");
  assert.deepEqual(sink.polls[0]?.refused, refused);
  const result = run.result as Record<string, unknown>;
  assert.equal(result.refused_events, 3);
  assert.deepEqual(result.refused_first, { code: "ADDON_NORMALIZE_FAILED", message: "event 4: no status" });
  const row = connectorRow(db, "ups-a");
  assert.deepEqual([row.status, row.status_code, row.status_message], ["ok", "ADDON_NORMALIZE_FAILED", "3 events brought no alert; event 4: no status"]);
  await scheduler.stop();
});

test("a poll that reached none of its targets fails the run with the first target's code, keeps its counts and marks the connector failing", async () => {
  const down = [
    { id: "ups-1", ok: false, code: "CONNECTOR_UNREACHABLE", message: "timed out" },
    { id: "ups-2", ok: false, code: "CONNECTOR_AUTH_FAILED", message: "401" },
  ];
  const { scheduler, db, sink, key, timers } = setup([okPoll(down), okPoll()]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  const [run] = runsOf(db, key);
  assert.deepEqual([run!.status, run!.error_code, run!.error_message], ["failed", "CONNECTOR_UNREACHABLE", "2 of 2 targets failed; ups-1: timed out"]);
  const counts = run!.result as { targets_ok: number; targets_failed: number };
  assert.deepEqual([counts.targets_ok, counts.targets_failed], [0, 2]);
  // The outcome still went to the AlertManager per target (stale alerts, one health alert per target), not as a whole-poll failure.
  assert.equal(sink.polls.length, 1);
  assert.deepEqual(sink.failures, []);
  const row = connectorRow(db, "ups-a");
  assert.deepEqual([row.status, row.status_code, row.consecutive_failures, row.last_success_at], ["failing", "CONNECTOR_UNREACHABLE", 1, null]);
  assert.deepEqual(counters(db, "ups-a"), { polls: 1, poll_failures: 1 });

  await timers.advance(30_000);
  assert.deepEqual([runsOf(db, key).at(-1)!.status, connectorRow(db, "ups-a").status], ["ok", "ok"]);
  await scheduler.stop();
});

test("a failed poll calls pollFailed with its code, marks the connector failing and counts the streak", async () => {
  const refused = new OcError("CONNECTOR_AUTH_FAILED", "401 from https://192.0.2.10");
  const { scheduler, db, sink, key, timers } = setup([okPoll(), refused, refused, okPoll()]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  await timers.advance(30_000);
  await timers.advance(30_000);
  assert.deepEqual(runsOf(db, key).map((run) => [run.status, run.error_code]),
    [["ok", null], ["failed", "CONNECTOR_AUTH_FAILED"], ["failed", "CONNECTOR_AUTH_FAILED"]]);
  assert.deepEqual(sink.failures, Array(2).fill({
    connectorId: "ups-a", connectorType: "opsconductor.eaton-ups", error: { code: "CONNECTOR_AUTH_FAILED", message: "401 from https://192.0.2.10" },
  }));
  assert.deepEqual(connectorRow(db, "ups-a"), {
    status: "failing", status_code: "CONNECTOR_AUTH_FAILED", status_message: "401 from https://192.0.2.10",
    last_poll_at: "2026-01-01T00:01:00.000Z", last_success_at: "2026-01-01T00:00:00.000Z", consecutive_failures: 2,
  });
  assert.deepEqual(counters(db, "ups-a"), { polls: 3, poll_failures: 2 });

  await timers.advance(30_000);
  assert.equal(connectorRow(db, "ups-a").consecutive_failures, 0);
  assert.equal(connectorRow(db, "ups-a").status, "ok");
  await scheduler.stop();
});

test("an error without a code fails the poll as CONNECTOR_POLL_FAILED", async () => {
  const { scheduler, db, sink, key } = setup([new TypeError("cannot read properties of undefined")]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  const run = runsOf(db, key)[0]!;
  assert.deepEqual([run.status, run.error_code], ["failed", "INTERNAL"]);
  assert.equal(sink.failures[0]!.error.code, "CONNECTOR_POLL_FAILED");
  assert.equal(connectorRow(db, "ups-a").status_code, "CONNECTOR_POLL_FAILED");
  await scheduler.stop();
});

test("a hung poll times out: pollFailed with JOB_TIMEOUT, the executor's signal aborted, and the next poll still runs", async () => {
  const { scheduler, db, sink, connector, key, timers } = setup(["hang", okPoll()]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  // Interval 30 s → timeout 80 % of it: 24 s.
  await timers.advance(24_000);
  assert.deepEqual(runsOf(db, key).map((run) => [run.status, run.error_code]), [["timeout", "JOB_TIMEOUT"]]);
  assert.equal(connector.signals[0]!.aborted, true);
  assert.deepEqual(sink.failures.map((failure) => failure.error.code), ["JOB_TIMEOUT"]);
  assert.equal(connectorRow(db, "ups-a").status, "failing");
  await timers.advance(6_000);
  assert.deepEqual(runsOf(db, key).map((run) => run.status), ["timeout", "ok"]);
  assert.equal(sink.polls.length, 1);
  assert.equal(connectorRow(db, "ups-a").status, "ok");
  await scheduler.stop();
});

test("at the shortest interval (10 s) a poll that always hangs times out every tick: no poll is skipped", async () => {
  // The daemon's jitter (10 %), drawn at its earliest: each next poll is due 9 s after the last.
  const { scheduler, db, key, timers } = setup(["hang"], { jitterFraction: 0.1, random: () => 0 }, 10);
  syncConnectorJobs(db, scheduler);
  assert.equal(scheduler.get(key)!.interval_s, 10);
  scheduler.start();
  // Each run is cut off at 8 s, before the next is due: a 10 s timeout would still be running when
  // the next tick comes, which is then skipped (JOB_ALREADY_RUNNING), every other time.
  await timers.advance(60_000);
  const runs = runsOf(db, key);
  assert.deepEqual(runs.map((run) => run.status), ["timeout", "timeout", "timeout", "timeout", "timeout", "timeout", "running"]);
  assert.ok(runs.slice(0, 6).every((run) => run.duration_ms === 8_000), JSON.stringify(runs.map((run) => run.duration_ms)));
  await scheduler.stop(0);
});

test("a connector deleted after its job was scheduled fails the run with CONNECTOR_NOT_FOUND, telling the sink nothing", async () => {
  const { scheduler, db, sink, key } = setup([okPoll()]);
  syncConnectorJobs(db, scheduler);
  db.prepare("DELETE FROM connectors WHERE id = 'ups-a'").run();
  scheduler.start();
  await settle();
  const run = runsOf(db, key)[0]!;
  assert.deepEqual([run.status, run.error_code], ["failed", "CONNECTOR_NOT_FOUND"]);
  assert.deepEqual([sink.polls, sink.failures], [[], []]);
  await scheduler.stop();
});

test("a poll interrupted by shutdown is not the connector's failure", async () => {
  const { scheduler, db, sink, key } = setup(["hang"]);
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  await scheduler.stop(0);
  assert.deepEqual(runsOf(db, key).map((run) => run.status), ["interrupted"]);
  assert.deepEqual(sink.failures, []);
  assert.equal(connectorRow(db, "ups-a").status, "new");
});

test("syncConnectorJobs keeps one job per enabled connector of an enabled addon, owned by the addon", async () => {
  const { scheduler, db } = setup([okPoll()]);
  insertAddon(db, "opsconductor.prtg");
  insertAddon(db, "opsconductor.axis", { enabled: false });
  insertConnector(db, "prtg-main", "opsconductor.prtg", { pollIntervalS: 120 });
  insertConnector(db, "prtg-off", "opsconductor.prtg", { enabled: false });
  insertConnector(db, "cam-1", "opsconductor.axis");

  const first = syncConnectorJobs(db, scheduler);
  assert.deepEqual(first, { upserted: ["connector.poll:prtg-main", "connector.poll:ups-a"], removed: [] });
  assert.deepEqual(scheduler.list({ kind: "connector.poll" }).map((job) => [job.key, job.owner, job.interval_s, job.payload]), [
    ["connector.poll:prtg-main", "addon:opsconductor.prtg", 120, { connector_id: "prtg-main" }],
    ["connector.poll:ups-a", "addon:opsconductor.eaton-ups", 30, { connector_id: "ups-a" }],
  ]);
  const before = scheduler.get("connector.poll:ups-a")!.next_run_at;

  db.prepare("UPDATE connectors SET enabled = 0 WHERE id = 'prtg-main'").run();
  db.prepare("UPDATE installed_addons SET enabled = 1 WHERE id = 'opsconductor.axis'").run();
  assert.deepEqual(syncConnectorJobs(db, scheduler), { upserted: ["connector.poll:cam-1", "connector.poll:ups-a"], removed: ["connector.poll:prtg-main"] });
  assert.equal(scheduler.get("connector.poll:ups-a")!.next_run_at, before, "re-sync keeps the pending run");
  db.prepare("UPDATE connectors SET poll_interval_s = 300 WHERE id = 'ups-a'").run();
  syncConnectorJobs(db, scheduler);
  assert.equal(scheduler.get("connector.poll:ups-a")!.interval_s, 300);
});

test("syncConnectorJobs schedules no polls for an addon that is not active or cannot poll", async () => {
  const { scheduler, db } = setup([okPoll()]);
  insertAddon(db, "acme.refused", { status: "refused" });
  insertAddon(db, "acme.webhook-only", { capabilities: ["webhooks"] });
  insertConnector(db, "refused-1", "acme.refused");
  insertConnector(db, "hook-1", "acme.webhook-only");
  syncConnectorJobs(db, scheduler);
  assert.deepEqual(scheduler.list({ kind: "connector.poll" }).map((job) => job.key), ["connector.poll:ups-a"]);
});

test("at most perOwner polls of one addon run at once", async () => {
  const { scheduler, db, connector } = setup(["hold"], { caps: { global: 10, perOwner: 2 } });
  insertAddon(db, "opsconductor.axis");
  for (const id of ["cam-1", "cam-2", "cam-3", "cam-4", "cam-5"]) insertConnector(db, id, "opsconductor.axis");
  syncConnectorJobs(db, scheduler);
  scheduler.start();
  await settle();
  // ups-a (its own addon) plus two of the five cameras.
  assert.deepEqual([connector.inFlight, connector.signals.length], [3, 3]);
  connector.release();
  await settle();
  assert.deepEqual([connector.inFlight, connector.signals.length], [2, 5]);
  connector.release();
  await settle();
  assert.deepEqual([connector.inFlight, connector.signals.length], [1, 6]);
  assert.equal(runsOf(db, connectorPollKey("cam-5"))[0]!.status, "running");
  assert.equal(connector.maxInFlight, 3);
  await scheduler.stop(0);
});
