import type { RunRecord } from "../../api/connectors.ts";

/** What a poll run says, read from its record: its outcome and the counts the poll job stores as its result. */
export interface RunSummary {
  ok: boolean;
  status: RunRecord["status"];
  errorCode: string | null;
  errorMessage: string | null;
  targetsOk: number | null;
  targetsFailed: number | null;
  alerts: number | null;
  /** The connector type of the alerts, for a link to them. */
  connectorType: string | null;
  /** Why the poll did nothing (a disabled connector). */
  skipped: string | null;
}

function field<T>(result: RunRecord["result"], key: string, type: "number" | "string"): T | null {
  if (typeof result !== "object" || result === null || Array.isArray(result)) return null;
  const value = result[key];
  return typeof value === type ? (value as T) : null;
}

export function summarizeRun(run: RunRecord): RunSummary {
  return {
    ok: run.status === "ok",
    status: run.status,
    errorCode: run.error_code,
    errorMessage: run.error_message,
    targetsOk: field<number>(run.result, "targets_ok", "number"),
    targetsFailed: field<number>(run.result, "targets_failed", "number"),
    alerts: field<number>(run.result, "alerts", "number"),
    connectorType: field<string>(run.result, "connector_type", "string"),
    skipped: field<string>(run.result, "skipped", "string"),
  };
}
