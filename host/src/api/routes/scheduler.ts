import { getJob, listJobs, listRuns, MAX_RUNS_PAGE } from "../../scheduler/queries.ts";
import { RUN_STATUSES, type JobListing, type RunStatus } from "../../scheduler/types.ts";
import { hostError } from "../../errors.ts";
import { decodeIdCursor, encodeCursor } from "../paging.ts";
import { readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

const text = { type: "string", minLength: 1, maxLength: 300 } as const;
const jobsQuerySchema = {
  type: "object",
  properties: { kind: text, owner: text },
  additionalProperties: false,
} as const;
const runsQuerySchema = {
  type: "object",
  properties: {
    job_key: text,
    status: { type: "string", enum: RUN_STATUSES },
    limit: { type: "integer", minimum: 1, maximum: MAX_RUNS_PAGE, default: 50 },
    cursor: { type: "string", maxLength: 500 },
  },
  additionalProperties: false,
} as const;

interface RunsQuery {
  job_key?: string;
  status?: RunStatus;
  limit: number;
  cursor?: string;
}

export function schedulerRoutes(s: ApiServices): RouteSpec[] {
  const { db } = s.deps;
  return [
    route("get", "/scheduler/jobs", "viewer", (c) => {
      const stuck = new Set(s.deps.scheduler?.stuckKeys());
      const items: JobListing[] = listJobs(db, readQuery(c, jobsQuerySchema)).map((job) => ({ ...job, stuck: stuck.has(job.key) }));
      return c.json({ items });
    }),

    route("get", "/scheduler/runs", "viewer", (c) => {
      const query = readQuery<RunsQuery>(c, runsQuerySchema);
      const filter = { jobKey: query.job_key, status: query.status };
      const items = listRuns(db, { ...filter, limit: query.limit, before: decodeIdCursor(query.cursor) });
      const last = items.at(-1);
      // A full page has a next page only if one more row exists past it.
      const more = last !== undefined && items.length === query.limit && listRuns(db, { ...filter, limit: 1, before: last.id }).length > 0;
      return c.json({ items, nextCursor: more ? encodeCursor({ id: last.id }) : null });
    }),

    // An addon's schedules have a slash in their key (jobs.run:addon:ID/NAME): taken as written or %2F-encoded.
    route("post", "/scheduler/jobs/:key{.+}/run", "operator", async (c) => {
      const key = c.req.param("key") ?? "";
      if (!s.deps.scheduler) throw hostError("SCHEDULER_UNAVAILABLE", "the scheduler is not running");
      if (!getJob(db, key)) throw hostError("JOB_NOT_FOUND", `no scheduler job "${key}"`);
      const run = await s.deps.scheduler.runNow(key);
      return c.json(run ?? { ok: true });
    }),
  ];
}
