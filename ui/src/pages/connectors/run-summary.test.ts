import { test } from "node:test";
import assert from "node:assert/strict";
import type { RunRecord } from "../../api/connectors.ts";
import { summarizeRun } from "./run-summary.ts";

const run: RunRecord = {
  id: 7, job_key: "connector.poll:c1", kind: "connector.poll", trigger: "manual", status: "ok", started_at: "2026-01-01T00:00:00Z",
  finished_at: "2026-01-01T00:00:01Z", duration_ms: 1000, error_code: null, error_message: null,
  result: { connector_id: "c1", connector_type: "prtg", snapshot: true, alerts: 3, targets_ok: 1, targets_failed: 0, ingest: {} },
};

test("a poll run's counts and connector type come from its result", () => {
  assert.deepEqual(summarizeRun(run), {
    ok: true, status: "ok", errorCode: null, errorMessage: null, targetsOk: 1, targetsFailed: 0, alerts: 3, connectorType: "prtg", skipped: null,
  });
});

test("a failed run keeps its error; a result without counts gives nulls", () => {
  const failed = summarizeRun({ ...run, status: "failed", error_code: "CONNECTOR_AUTH_FAILED", error_message: "401", result: null });
  assert.deepEqual([failed.ok, failed.errorCode, failed.targetsOk, failed.alerts], [false, "CONNECTOR_AUTH_FAILED", null, null]);
  assert.equal(summarizeRun({ ...run, result: { connector_id: "c1", skipped: "connector disabled" } }).skipped, "connector disabled");
});
