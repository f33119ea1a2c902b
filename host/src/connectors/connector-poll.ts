import { OcError, pollDeadlineMs, toErrorData, type NormalizedAlert } from "@opsconductor/sdk";
import type { AlertSink, IngestResult, PollTargetOutcome, RefusedEvents } from "../alerts/types.ts";
import { hostError } from "../errors.ts";
import { untilAborted } from "../scheduler/abort.ts";
import { FailedRunWithResult } from "../scheduler/failed-run.ts";
import type { JobKind, JobRecord, JsonObject } from "../scheduler/types.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { failedTargetsSummary, loadPolledConnector, recordPollFailure, recordPollSuccess } from "./connector-status.ts";

/** One poll's outcome, normalized: what the addon's connector returned, run through its normalizer. */
export interface ConnectorPoll {
  connectorType: string;
  alerts: NormalizedAlert[];
  snapshot: boolean;
  /** Each target's outcome; `host`/`name` label a failed target's health alert. */
  targets: PollTargetOutcome[];
  /** Events the normalizer could not make an alert of, per target (none when absent). */
  refused?: RefusedEvents[];
}

/**
 * Polls one connector instance: the addon runtime implements it by running the addon's
 * `connector.poll` and normalizer in the sandbox. Rejects with an OcError when the poll fails;
 * should stop work when `signal` aborts (the scheduler stops waiting at that moment anyway).
 */
export interface PollExecutor {
  poll(connectorId: string, signal: AbortSignal): Promise<ConnectorPoll>;
}

export interface ConnectorPollDeps {
  db: Db;
  clock: Clock;
  alerts: AlertSink;
  polls: PollExecutor;
}

/** The payload of a connector.poll job. */
export interface ConnectorPollPayload extends JsonObject {
  connector_id: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * connector.poll: one job per enabled connector instance. The timeout is the SDK's pollDeadlineMs,
 * 80 % of the interval (at most 5 min), the same deadline the sandbox gets (AddonPollExecutor),
 * so a hung poll frees its slot before the next tick instead of making it skip. (The next tick
 * comes at 90 % of the interval at the earliest with the scheduler's default 10 % jitter.)
 */
export function connectorPollKind(deps: ConnectorPollDeps): JobKind {
  return {
    name: "connector.poll",
    description: "Polls a connector instance and feeds its alerts to the AlertManager",
    defaultIntervalS: 60,
    defaultTimeoutMs: DEFAULT_TIMEOUT_MS,
    timeoutMs: (job) => (job.interval_s === null ? DEFAULT_TIMEOUT_MS : pollDeadlineMs(job.interval_s)),
    handler: (job, { signal }) => pollConnector(deps, connectorIdOf(job), signal),
  };
}

/**
 * Runs one poll and records it everywhere it shows: the AlertManager gets the alerts (or, on
 * failure, `pollFailed` with the error's code, so the instance's alerts go stale and a health
 * alert opens), the connector row its status and failure streak, the daily counters a poll.
 * Rethrows the failure so the run is recorded with the same code. A poll that came back but
 * reached none of its targets is a failure too (the connector 'failing', the run failed with
 * the first target's code, keeping its counts); its targets' alerts and health alerts were
 * already handled per target by `ingestPoll`.
 */
export async function pollConnector(deps: ConnectorPollDeps, connectorId: string, signal: AbortSignal): Promise<JsonObject> {
  const connector = loadPolledConnector(deps.db, connectorId);
  if (!connector) throw hostError("CONNECTOR_NOT_FOUND", `connector ${connectorId} does not exist`, { connectorId });
  if (!connector.enabled) return { connector_id: connectorId, skipped: "connector disabled" };
  let poll: ConnectorPoll;
  let ingest: IngestResult;
  try {
    poll = await untilAborted(deps.polls.poll(connectorId, signal), signal);
    ingest = deps.alerts.ingestPoll({ connectorId, ...poll });
  } catch (error) {
    // Shutdown or the job's removal is not the connector's fault: leave its status and alerts alone.
    if (OcError.is(error, "JOB_INTERRUPTED")) throw error;
    const failure = toErrorData(error, "CONNECTOR_POLL_FAILED");
    recordPollFailure(deps.db, connectorId, failure, iso(deps.clock.now()));
    deps.alerts.pollFailed(connectorId, connector.addon_id, { code: failure.code, message: failure.message });
    throw error;
  }
  const failed = poll.targets.filter((target) => !target.ok);
  const refused = refusedSummary(poll.refused ?? []);
  const summary: JsonObject = {
    connector_id: connectorId,
    connector_type: poll.connectorType,
    snapshot: poll.snapshot,
    alerts: poll.alerts.length,
    targets_ok: poll.targets.length - failed.length,
    targets_failed: failed.length,
    ...(refused ? { refused_events: refused.count, refused_first: refused.first } : {}),
    ingest: { ...ingest },
  };
  const at = iso(deps.clock.now());
  if (failed.length > 0 && failed.length === poll.targets.length) {
    const failure = { code: failed[0]!.code ?? "CONNECTOR_POLL_FAILED", message: failedTargetsSummary(poll.targets) };
    recordPollFailure(deps.db, connectorId, failure, at);
    throw new FailedRunWithResult(failure.code, failure.message, summary);
  }
  recordPollSuccess(deps.db, connectorId, poll.targets, at, refused);
  return summary;
}

/** All of a poll's refused events: how many, and the first group's first error. */
function refusedSummary(groups: readonly RefusedEvents[]): { count: number; first: { code: string; message: string } } | undefined {
  if (groups.length === 0) return undefined;
  const { code, message } = groups[0]!.first;
  return { count: groups.reduce((sum, group) => sum + group.count, 0), first: { code, message } };
}

function connectorIdOf(job: JobRecord): string {
  const id = job.payload.connector_id;
  if (typeof id !== "string" || id === "") {
    throw hostError("VALIDATION_FAILED", `job ${job.key}: payload.connector_id must name a connector`, { key: job.key });
  }
  return id;
}
