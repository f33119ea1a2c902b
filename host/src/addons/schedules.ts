import { toErrorData } from "@opsconductor/sdk";
import type { TaskHandler, TaskTable } from "../scheduler/kinds/jobs-run.ts";
import type { Scheduler } from "../scheduler/scheduler.ts";
import type { JsonObject } from "../scheduler/types.ts";
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
  readonly #unregister = new Map<string, Array<() => void>>();

  constructor(deps: AddonSchedulesDeps) {
    this.#deps = deps;
  }

  /** Replaces the addon's tasks and jobs with those of `loaded`'s manifest. */
  register(loaded: LoadedVersion, scheduler: AddonScheduler): void {
    const { id } = loaded.ref;
    this.#unregisterTasks(id);
    const unregister: Array<() => void> = [];
    const wanted = new Set<string>();
    for (const schedule of loaded.manifest.schedules) {
      const task = scheduleTaskName(id, schedule.name);
      unregister.push(this.#deps.tasks.register(task, this.#handler(id)));
      const key = scheduleJobKey(id, schedule.name);
      wanted.add(key);
      scheduler.upsert({ key, kind: "jobs.run", owner: addonOwner(id), cron: schedule.cron, payload: { task, args: { job: schedule.job } } });
    }
    this.#unregister.set(id, unregister);
    for (const job of scheduler.list({ kind: "jobs.run", owner: addonOwner(id) })) {
      if (!wanted.has(job.key)) scheduler.remove(job.key);
    }
  }

  /** Removes the addon's tasks, and its jobs when a scheduler is given. */
  unregister(addonId: string, scheduler: AddonScheduler | undefined): void {
    this.#unregisterTasks(addonId);
    for (const job of scheduler?.list({ kind: "jobs.run", owner: addonOwner(addonId) }) ?? []) scheduler!.remove(job.key);
  }

  #unregisterTasks(addonId: string): void {
    for (const undo of this.#unregister.get(addonId) ?? []) undo();
    this.#unregister.delete(addonId);
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
