import type { ConnectionTestResult, RunRecord } from "../../api/connectors.ts";
import { buildHash } from "../../app/route.ts";
import { RunStatusBadge } from "../../components/Chips.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { formatDuration } from "../../lib/format.ts";
import { useNow } from "../../lib/hooks.ts";
import { summarizeRun } from "./run-summary.ts";

export type RowAction = "test" | "poll" | "toggle" | "rotate" | "delete";

/** The last row action's state: under way, its answer, or its failure. */
export type Outcome =
  | { action: RowAction; state: "running"; since: number }
  | { action: "test"; state: "tested"; result: ConnectionTestResult }
  | { action: "poll"; state: "polled"; run: RunRecord }
  | { action: RowAction; state: "failed"; error: unknown };

// Only these can take seconds (they reach the connector's systems): they show progress, the quick ones just disable the buttons.
const PROGRESS_LABEL: Partial<Record<RowAction, string>> = { test: "Testing the connection…", poll: "Polling…" };

/** Whether an outcome has anything to show under its row. */
export function isShown(outcome: Outcome): boolean {
  return outcome.state !== "running" || PROGRESS_LABEL[outcome.action] !== undefined;
}

function Elapsed({ since }: { since: number }) {
  const now = useNow(1000);
  return <span class="muted"> {Math.max(0, Math.round((now - since) / 1000))} s</span>;
}

function TestResult({ result }: { result: ConnectionTestResult }) {
  return (
    <p class={`outcome-line ${result.ok ? "outcome-ok" : "outcome-failed"}`}>
      <strong>{result.ok ? "Connection OK" : "Connection failed"}</strong>
      {result.code && <code class="error-code">{result.code}</code>}
      <span>{result.message}</span>
    </p>
  );
}

function PollResult({ run }: { run: RunRecord }) {
  const summary = summarizeRun(run);
  return (
    <div class="outcome-line" data-run-status={run.status}>
      <span>Poll</span> <RunStatusBadge status={run.status} />
      {summary.targetsOk !== null && (
        <span data-testid="poll-counts">
          {summary.targetsOk} {summary.targetsOk === 1 ? "target" : "targets"} ok · {summary.targetsFailed ?? 0} failed · {summary.alerts ?? 0} {summary.alerts === 1 ? "alert" : "alerts"}
        </span>
      )}
      {summary.skipped && <span class="muted">skipped: {summary.skipped}</span>}
      <span class="muted">{formatDuration(run.duration_ms)}</span>
      {summary.errorCode && <code class="error-code">{summary.errorCode}</code>}
      {summary.errorMessage && <span>{summary.errorMessage}</span>}
      {summary.connectorType && summary.alerts !== null && summary.alerts > 0 && (
        <a href={buildHash("alerts", null, { connector_type: summary.connectorType })}>View its alerts</a>
      )}
    </div>
  );
}

/** What the last action on a connector row gave: progress while it runs (a poll can take seconds), then its answer or error code. */
export function ActionOutcome({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  switch (outcome.state) {
    case "running":
      return <p class="outcome-line" aria-busy="true" role="status"><span class="spinner" aria-hidden="true" />{PROGRESS_LABEL[outcome.action]}<Elapsed since={outcome.since} /></p>;
    case "tested":
      return <TestResult result={outcome.result} />;
    case "polled":
      return <PollResult run={outcome.run} />;
    case "failed":
      return <ErrorBox error={outcome.error} compact onDismiss={onDismiss} />;
  }
}
