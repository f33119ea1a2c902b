// The connector.poll job against the real AlertManager: what an operator sees after polls succeed and fail.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OcError, type NormalizedAlert } from "@opsconductor/sdk";
import { AlertManager } from "../alerts/manager.ts";
import { alertsEvaluateKind, countersResetKind } from "../scheduler/kinds/alert-kinds.ts";
import { createTestScheduler, runsOf, settle } from "../scheduler/testing.ts";
import { connectorPollKind, type ConnectorPoll, type PollExecutor } from "./connector-poll.ts";
import { connectorPollKey, syncConnectorJobs } from "./connector-jobs.ts";
import { insertAddon, insertConnector } from "./testing.ts";

const TYPE = "opsconductor.eaton-ups";

const onBattery: NormalizedAlert = {
  connector_type: TYPE, alert_type: "on_battery", role: "problem", severity: "major", category: "power",
  device_ip: "192.0.2.10", device_name: "ups-1", target: "ups-1", title: "ups-1 on battery", message: "utility power lost",
  timestamp: "2026-01-01T00:00:00.000Z", metrics: { battery_pct: 87 }, raw: {},
};

/** An in-test connector whose next answer the test sets. */
class UpsConnector implements PollExecutor {
  next: ConnectorPoll | OcError = { connectorType: TYPE, alerts: [onBattery], snapshot: true, targets: [{ id: "ups-1", ok: true }] };
  async poll(): Promise<ConnectorPoll> {
    if (this.next instanceof OcError) throw this.next;
    return this.next;
  }
}

test("polls through the real AlertManager: an alert opens, goes stale with a health alert on failure, and is fresh again after", async () => {
  const connector = new UpsConnector();
  let manager!: AlertManager;
  const { scheduler, db, timers } = createTestScheduler(({ db, clock }) => {
    manager = new AlertManager(db, { clock });
    return [connectorPollKind({ db, clock, alerts: manager, polls: connector }), alertsEvaluateKind(manager), countersResetKind(manager)];
  });
  insertAddon(db, TYPE);
  insertConnector(db, "ups-a", TYPE, { pollIntervalS: 60 });
  syncConnectorJobs(db, scheduler);
  scheduler.upsert({ key: "alerts.evaluate", kind: "alerts.evaluate", intervalS: 60 });
  const alerts = () => db.prepare("SELECT kind, alert_type, status, stale FROM alerts ORDER BY id").all();

  scheduler.start();
  await settle();
  assert.deepEqual(alerts(), [{ kind: "problem", alert_type: "on_battery", status: "open", stale: 0 }]);

  connector.next = new OcError("CONNECTOR_UNREACHABLE", "no answer from 192.0.2.10");
  await timers.advance(60_000);
  const [problem, health] = alerts() as Array<Record<string, unknown>>;
  assert.deepEqual([problem!.status, problem!.stale], ["open", 1]);
  assert.deepEqual([health!.kind, health!.status], ["health", "open"]);
  assert.equal((db.prepare("SELECT status FROM connectors").get() as { status: string }).status, "failing");

  connector.next = { connectorType: TYPE, alerts: [onBattery], snapshot: true, targets: [{ id: "ups-1", ok: true }] };
  await timers.advance(60_000);
  const [fresh, healed] = alerts() as Array<Record<string, unknown>>;
  assert.deepEqual([fresh!.status, fresh!.stale], ["open", 0]);
  assert.equal(healed!.status, "resolved");

  assert.deepEqual(db.prepare("SELECT polls, poll_failures, received FROM connector_counters").get(), { polls: 3, poll_failures: 1, received: 2 });
  assert.deepEqual(runsOf(db, connectorPollKey("ups-a")).map((run) => run.status), ["ok", "failed", "ok"]);
  assert.ok(runsOf(db, "alerts.evaluate").every((run) => run.status === "ok"));
  await scheduler.stop();
});
