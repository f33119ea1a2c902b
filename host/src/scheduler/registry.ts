import type { AlertSink } from "../alerts/types.ts";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import type { Clock } from "../util/clock.ts";
import { connectorPollKind, type PollExecutor } from "../connectors/connector-poll.ts";
import { metricsPollKind, type MetricReader } from "../connectors/metrics-poll.ts";
import { alertsEvaluateKind, countersResetKind } from "./kinds/alert-kinds.ts";
import { jobsRunKind, type TaskResolver } from "./kinds/jobs-run.ts";
import type { JobKind } from "./types.ts";

/** The job kinds the host ships (DESIGN §3). Nothing else in the host starts work on a timer. */
export const CORE_JOB_KINDS = ["connector.poll", "metrics.poll", "jobs.run", "alerts.evaluate", "counters.reset"] as const;
export type CoreJobKind = (typeof CORE_JOB_KINDS)[number];

/** The one registry of job kinds the Scheduler can run. */
export class JobKindRegistry {
  readonly #kinds = new Map<string, JobKind>();

  constructor(kinds: readonly JobKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  register(kind: JobKind): void {
    if (this.#kinds.has(kind.name)) throw hostError("CONFLICT", `job kind ${kind.name} is already registered`, { kind: kind.name });
    this.#kinds.set(kind.name, kind);
  }

  /** The kind, or JOB_KIND_UNKNOWN. */
  get(name: string): JobKind {
    const kind = this.#kinds.get(name);
    if (!kind) throw hostError("JOB_KIND_UNKNOWN", `no job kind named ${name}`, { kind: name });
    return kind;
  }

  has(name: string): boolean {
    return this.#kinds.has(name);
  }

  list(): JobKind[] {
    return [...this.#kinds.values()];
  }
}

/** What the core kinds' handlers work with; the poll executor and metric reader come from the addon runtime and the SNMP broker. */
export interface CoreKindDeps {
  db: Db;
  clock: Clock;
  alerts: AlertSink;
  polls: PollExecutor;
  metrics: MetricReader;
  tasks: TaskResolver;
}

export function createJobKinds(deps: CoreKindDeps): JobKindRegistry {
  return new JobKindRegistry([
    connectorPollKind(deps),
    metricsPollKind(deps),
    jobsRunKind(deps.tasks),
    alertsEvaluateKind(deps.alerts),
    countersResetKind(deps.alerts),
  ]);
}
