import { AddonPlatform } from "./addons/platform.ts";
import { AlertManager } from "./alerts/manager.ts";
import { DEFAULT_CONFIG } from "./config/schema.ts";
import { syncMetricJobs } from "./connectors/metric-jobs.ts";
import type { DaemonWiring } from "./daemon.ts";
import { installCoreJobs } from "./scheduler/core-jobs.ts";
import { alertsEvaluateKind, countersResetKind } from "./scheduler/kinds/alert-kinds.ts";
import { jobsRunKind, TaskTable } from "./scheduler/kinds/jobs-run.ts";
import { createJobKinds, JobKindRegistry } from "./scheduler/registry.ts";
import { Scheduler } from "./scheduler/scheduler.ts";

/**
 * How the daemon is assembled by default: the AlertManager, the addon platform (addons,
 * connectors, webhooks, the trap listener), and the scheduler running every job kind —
 * connector.poll through the addon runtime, metrics.poll over SNMP, jobs.run with the
 * platform's task table (addon schedules beside the core tasks).
 */
export const defaultWiring: DaemonWiring = {
  createAlerts: ({ db, clock, config }) => new AlertManager(db, {
    clock, absenceThreshold: config.absenceThreshold ?? DEFAULT_CONFIG.absenceThreshold,
    openLimit: config.openAlertLimit ?? DEFAULT_CONFIG.openAlertLimit,
  }),
  createAddons: ({ db, clock, alerts, vault, config, log, builtins }) => new AddonPlatform({
    db, clock, alerts, vault, log, builtins, dataDir: config.dataDir, dev: config.dev,
    // A UDP socket binds a bare address: "[::]" as written for a URL is "::".
    traps: { host: (config.trapHost ?? config.host).replace(/^\[(.*)\]$/, "$1"), port: config.trapPort },
  }),
  createScheduler: ({ db, clock, alerts, addons, config }) => {
    const retention = {
      alertDays: config.alertRetentionDays ?? DEFAULT_CONFIG.alertRetentionDays,
      metricDays: config.metricRetentionDays ?? DEFAULT_CONFIG.metricRetentionDays,
      auditDays: config.auditRetentionDays ?? DEFAULT_CONFIG.auditRetentionDays,
    };
    const backup = { dataDir: config.dataDir, keep: config.backupKeep ?? DEFAULT_CONFIG.backupKeep };
    if (!addons) {
      const tasks = new TaskTable();
      const kinds = new JobKindRegistry([alertsEvaluateKind(alerts), countersResetKind(alerts), jobsRunKind(tasks)]);
      const scheduler = new Scheduler({ db, clock, kinds });
      installCoreJobs(scheduler, tasks, { db, clock, retention, backup });
      return scheduler;
    }
    const kinds = createJobKinds({ db, clock, alerts, polls: addons.polls, metrics: addons.metrics, tasks: addons.tasks });
    const scheduler = new Scheduler({ db, clock, kinds });
    installCoreJobs(scheduler, addons.tasks, { db, clock, retention, backup });
    syncMetricJobs(db, scheduler);
    return scheduler;
  },
};
