import { useApp } from "../../app/context.ts";
import { JobsTable } from "./JobsTable.tsx";
import { RunsTable } from "./RunsTable.tsx";

/** The scheduler's jobs and their recent runs (`#/scheduler?job=<key>&status=<status>` filters the runs). */
export function SchedulerPage() {
  const { route } = useApp();
  const job = route.params.get("job");
  const status = route.params.get("status");
  return (
    <section class="scheduler-page">
      <div class="page-head"><h1>Scheduler</h1></div>
      <JobsTable selectedJob={job} />
      <RunsTable job={job} status={status} />
    </section>
  );
}
