import assert from "node:assert/strict";
import { test } from "node:test";
import { addConnector, CONNECTOR, problem, rows, TYPE } from "./alerts/testdata/fixtures.ts";
import type { AlertManager } from "./alerts/manager.ts";
import { DEFAULT_CONFIG, type DaemonConfig } from "./config/schema.ts";
import { defaultWiring } from "./daemon-wiring.ts";
import { openDatabase } from "./store/database.ts";
import { ManualClock } from "./util/clock.ts";

const snapshot = (alerts = [problem()]) => ({ connectorId: CONNECTOR, connectorType: TYPE, alerts, snapshot: true, targets: [{ id: "sw1", ok: true }] });

test("the daemon's AlertManager resolves by absence after the configured number of snapshots", () => {
  for (const [absenceThreshold, pollsToResolve] of [[undefined, DEFAULT_CONFIG.absenceThreshold], [1, 1], [4, 4]] as const) {
    const db = openDatabase(":memory:");
    addConnector(db, CONNECTOR, TYPE);
    const config = { ...DEFAULT_CONFIG, dataDir: "/unused", ...(absenceThreshold && { absenceThreshold }) } as DaemonConfig;
    const alerts = defaultWiring.createAlerts({ db, clock: new ManualClock("2026-01-01T00:00:00.000Z"), config }) as AlertManager;
    alerts.ingestPoll(snapshot());
    for (let poll = 1; poll <= pollsToResolve; poll++) {
      assert.equal(rows(db)[0]?.status, "open", `threshold ${absenceThreshold ?? "default"}: still open before absent snapshot ${poll}`);
      alerts.ingestPoll(snapshot([]));
    }
    assert.equal(rows(db)[0]?.resolution, "absence", `threshold ${absenceThreshold ?? "default"}`);
    db.close();
  }
});
