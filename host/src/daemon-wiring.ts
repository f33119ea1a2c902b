import { AlertManager } from "./alerts/manager.ts";
import type { DaemonWiring } from "./daemon.ts";
import { installCoreJobs } from "./scheduler/core-jobs.ts";
import { alertsEvaluateKind, countersResetKind } from "./scheduler/kinds/alert-kinds.ts";
import { jobsRunKind, TaskTable } from "./scheduler/kinds/jobs-run.ts";
import { JobKindRegistry } from "./scheduler/registry.ts";
import { Scheduler } from "./scheduler/scheduler.ts";

/**
 * How the daemon is assembled by default.
 *
 * SEAM: the scheduler runs the core jobs (alerts.evaluate, counters.reset, run
 * retention). connector.poll and metrics.poll join once the addon runtime provides
 * their PollExecutor and MetricReader: replace the registry below with
 * `createJobKinds({ db, clock, alerts, polls, metrics, tasks })` from scheduler/registry.ts.
 */
export const defaultWiring: DaemonWiring = {
  createAlerts: ({ db, clock }) => new AlertManager(db, { clock }),
  createScheduler: ({ db, clock, alerts }) => {
    const tasks = new TaskTable();
    const kinds = new JobKindRegistry([alertsEvaluateKind(alerts), countersResetKind(alerts), jobsRunKind(tasks)]);
    const scheduler = new Scheduler({ db, clock, kinds });
    installCoreJobs(scheduler, tasks);
    return scheduler;
  },
};
