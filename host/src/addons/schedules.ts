import { toErrorData } from "@opsconductor/sdk";
import type { TaskHandler, TaskTable } from "../scheduler/kinds/jobs-run.ts";
import type { Scheduler } from "../scheduler/scheduler.ts";
import type { JobRecord, JobSpec, JsonObject } from "../scheduler/types.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import { upsertSyncedDevices } from "./device-sync.ts";
import type { ConnectorInstances } from "./instances.ts";
import type { LoadedVersion } from "./runtime-pool.ts";

/** The part of the Scheduler the addon platform drives. */
export type AddonScheduler = Pick<Scheduler, "upsert" | "remove" | "list" | "removeByOwner" | "runNow" | "get">;

export const addonOwner = (addonId: string): string => `addon:${addonId}`;
export const scheduleTaskName = (addonId: string, name: string): string => `addon:${addonId}/${name}`;
export const scheduleJobKey = (addonId: string, name: string): string => `jobs.run:${scheduleTaskName(addonId, name)}`;

export interface AddonSchedulesDeps {
  db: Db;
  clock: Clock;
  tasks: TaskTable;
  instances: ConnectorInstances;
}

/**
 * An addon's manifest `schedules` as jobs.run tasks ('addon:<id>/<name>') and cron jobs
 * owned by 'addon:<id>'. `device_sync` runs every running instance's `syncDevices` and
 * upserts the result into `devices`.
 */
export class AddonSchedules {
  readonly #deps: AddonSchedulesDeps;
  /** Per addon: the task names it has registered, and how to unregister each. */
  readonly #registered = new Map<string, { tasks: string[]; unregister: Array<() => void> }>();

  constructor(deps: AddonSchedulesDeps) {
    this.#deps = deps;
  }

  /**
   * Replaces the addon's tasks and jobs with those of `loaded`'s manifest. All or nothing: when
   * one fails, the addon's tasks and jobs are put back as they were and the error is rethrown. A
   * half-done set would leave tasks registered that make every later register (upgrade, enable)
   * fail with CONFLICT until a restart, and jobs the caller does not know about.
   */
  register(loaded: LoadedVersion, scheduler: AddonScheduler): void {
    const { id } = loaded.ref;
    const before = {
      tasks: this.#registered.get(id)?.tasks ?? [],
      jobs: scheduler.list({ kind: "jobs.run", owner: addonOwner(id) }).map(specOf),
    };
    const { schedules } = loaded.manifest;
    const tasks = schedules.map((schedule) => scheduleTaskName(id, schedule.name));
    const jobs = schedules.map((schedule, i): JobSpec => ({
      key: scheduleJobKey(id, schedule.name), kind: "jobs.run", owner: addonOwner(id), cron: schedule.cron,
      payload: { task: tasks[i]!, args: { job: schedule.job } },
    }));
    try {
      this.#replace(id, tasks, jobs, scheduler);
    } catch (error) {
      try {
        this.#replace(id, before.tasks, before.jobs, scheduler);
      } catch {
        // Putting back failed too: at least leave no task behind (the error thrown is the first one).
        this.#unregisterTasks(id);
      }
      throw error;
    }
  }

  /** Removes the addon's tasks, and its jobs when a scheduler is given. */
  unregister(addonId: string, scheduler: AddonScheduler | undefined): void {
    this.#unregisterTasks(addonId);
    for (const job of scheduler?.list({ kind: "jobs.run", owner: addonOwner(addonId) }) ?? []) scheduler!.remove(job.key);
  }

  /** Makes `tasks` the addon's registered tasks and `jobs` its jobs.run jobs (others of its removed). */
  #replace(addonId: string, tasks: readonly string[], jobs: readonly JobSpec[], scheduler: AddonScheduler): void {
    this.#unregisterTasks(addonId);
    // Recorded as they go, so that a failure part-way can unregister the ones already done.
    const registered = { tasks: [] as string[], unregister: [] as Array<() => void> };
    this.#registered.set(addonId, registered);
    for (const task of tasks) {
      registered.unregister.push(this.#deps.tasks.register(task, this.#handler(addonId)));
      registered.tasks.push(task);
    }
    for (const job of jobs) scheduler.upsert(job);
    // Removed last: a job that stays is not interrupted by a failure above.
    const wanted = new Set(jobs.map((job) => job.key));
    for (const job of scheduler.list({ kind: "jobs.run", owner: addonOwner(addonId) })) {
      if (!wanted.has(job.key)) scheduler.remove(job.key);
    }
  }

  #unregisterTasks(addonId: string): void {
    for (const undo of this.#registered.get(addonId)?.unregister ?? []) undo();
    this.#registered.delete(addonId);
  }

  #handler(addonId: string): TaskHandler {
    return async (args, { signal }) => {
      if (args.job !== "device_sync") return { skipped: `unknown job ${String(args.job)}` };
      const result: JsonObject = { connectors: 0, devices: 0, failed: [] };
      const failed: JsonObject[] = [];
      for (const running of this.#deps.instances.list().filter((r) => r.loaded.ref.id === addonId)) {
        try {
          const devices = await this.#deps.instances.operate(running.connectorId,
            (r) => r.loaded.runtime.syncDevices(r.instanceId, { signal }));
          result.devices = (result.devices as number) + upsertSyncedDevices(this.#deps.db, running.connectorId, devices, iso(this.#deps.clock.now()));
          result.connectors = (result.connectors as number) + 1;
        } catch (error) {
          const { code, message } = toErrorData(error);
          failed.push({ connector_id: running.connectorId, code, message });
        }
      }
      result.failed = failed;
      return result;
    };
  }
}

/** What upserting `job` again takes: its schedule, payload and enabled state (an admin's disable survives). */
function specOf(job: JobRecord): JobSpec {
  return {
    key: job.key, kind: job.kind, owner: job.owner, payload: job.payload, enabled: job.enabled,
    ...(job.cron !== null ? { cron: job.cron } : { intervalS: job.interval_s! }),
  };
}
