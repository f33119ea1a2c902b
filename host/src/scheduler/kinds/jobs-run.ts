import { hostError } from "../../errors.ts";
import type { JobContext, JobKind, JobRecord, JsonObject, JsonValue } from "../types.ts";

export interface TaskContext extends JobContext {
  job: JobRecord;
}

/** A named piece of scheduled work: device sync, retention, backup, a report, an addon's manifest schedule. */
export type TaskHandler = (args: JsonObject, context: TaskContext) => Promise<JsonValue>;

export interface TaskResolver {
  resolve(task: string): TaskHandler | undefined;
}

/**
 * The tasks `jobs.run` can start, by name. Core features register theirs at boot; the addon runtime
 * registers an addon's manifest `schedules` (e.g. as 'addon:<id>/<name>', with jobs owned by
 * 'addon:<id>') and unregisters them on uninstall.
 */
export class TaskTable implements TaskResolver {
  readonly #tasks = new Map<string, TaskHandler>();

  /** Returns the function that unregisters it. */
  register(name: string, handler: TaskHandler): () => void {
    if (this.#tasks.has(name)) throw hostError("CONFLICT", `task ${name} is already registered`, { task: name });
    this.#tasks.set(name, handler);
    return () => {
      if (this.#tasks.get(name) === handler) this.#tasks.delete(name);
    };
  }

  resolve(name: string): TaskHandler | undefined {
    return this.#tasks.get(name);
  }

  names(): string[] {
    return [...this.#tasks.keys()].sort();
  }
}

const DEFAULT_TASK_TIMEOUT_MS = 10 * 60_000;

/**
 * jobs.run: cron-scheduled tasks. Payload `{ task: string, args?: object, timeout_s?: number }`;
 * a task not (or no longer) registered fails the run with JOB_TASK_UNKNOWN.
 */
export function jobsRunKind(tasks: TaskResolver): JobKind {
  return {
    name: "jobs.run",
    description: "Runs a named task on a cron schedule (device sync, retention, backup, reports, addon schedules)",
    defaultTimeoutMs: DEFAULT_TASK_TIMEOUT_MS,
    timeoutMs(job) {
      const seconds = job.payload.timeout_s;
      return typeof seconds === "number" && seconds > 0 ? seconds * 1000 : DEFAULT_TASK_TIMEOUT_MS;
    },
    async handler(job, context) {
      const { task, args } = job.payload;
      if (typeof task !== "string") throw hostError("VALIDATION_FAILED", `job ${job.key}: payload.task must name a task`, { key: job.key });
      const handler = tasks.resolve(task);
      if (!handler) throw hostError("JOB_TASK_UNKNOWN", `no task named ${task} is registered`, { key: job.key, task });
      const taskArgs = typeof args === "object" && args !== null && !Array.isArray(args) ? args : {};
      return handler(taskArgs, { ...context, job });
    },
  };
}
