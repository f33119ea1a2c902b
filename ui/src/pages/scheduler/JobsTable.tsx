import { useCallback, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { listJobs, runJobNow } from "../../api/endpoints.ts";
import type { JobListing } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { RunStatusBadge } from "../../components/Chips.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { formatSchedule, formatTimestamp, relativeTime, timeAgo } from "../../lib/format.ts";
import { useLoadAndRefresh, useNow } from "../../lib/hooks.ts";
import { canOperate } from "../../lib/roles.ts";

const REFRESH_MS = 10_000;

export function JobsTable({ selectedJob }: { selectedJob: string | null }) {
  const { client, user, route, navigate } = useApp();
  const now = useNow(5_000);
  const [jobs, setJobs] = useState<JobListing[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState<string | null>(null);

  const load = useCallback((signal?: AbortSignal) => {
    listJobs(client, signal).then((items) => {
      setJobs(items);
      setError(null);
    }, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
  }, [client]);

  useLoadAndRefresh(load, REFRESH_MS);

  const selectJob = (key: string | null) => {
    const params = new URLSearchParams(route.params);
    if (key === null || key === selectedJob) params.delete("job");
    else params.set("job", key);
    navigate(buildHash("scheduler", null, params), true);
  };

  const runNow = async (key: string) => {
    setRunning(key);
    setError(null);
    try {
      await runJobNow(client, key);
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(null);
    }
  };

  return (
    <section class="panel">
      <div class="panel-head">
        <h2>Jobs</h2>
        <span class="muted small">{jobs ? `${jobs.length} jobs · refreshes every ${REFRESH_MS / 1000} s` : ""}</span>
      </div>
      {error !== null && <ErrorBox error={error} onRetry={() => load()} onDismiss={() => setError(null)} />}
      {jobs === null && error === null && <p class="muted">Loading…</p>}
      {jobs !== null && (
        <div class="table-wrap">
          <table class="grid" data-table="jobs">
            <thead>
              <tr>
                <th>Job</th><th>Kind</th><th>Owner</th><th>Schedule</th><th>Enabled</th>
                <th>Last status</th><th class="c-time">Last run</th><th class="c-time">Next run</th>
                {canOperate(user) && <th class="c-actions"><span class="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.key} class={`row${job.key === selectedJob ? " selected" : ""}${job.enabled ? "" : " dim"}`}
                  title="Show this job's runs" onClick={() => selectJob(job.key)}>
                  <td class="mono">{job.key}</td>
                  <td class="mono small">{job.kind}</td>
                  <td class="small">{job.owner}</td>
                  <td class="small">{formatSchedule(job.interval_s, job.cron)}</td>
                  <td>{job.enabled ? "yes" : <span class="muted">no</span>}</td>
                  <td>
                    <RunStatusBadge status={job.last_status} />
                    {job.stuck && (
                      <span class="badge run-stuck" data-testid="job-stuck"
                        title="Its last run timed out and the handler has not returned: it runs again only once it does (or the daemon restarts)">stuck</span>
                    )}
                  </td>
                  <td class="c-time" title={formatTimestamp(job.last_run_at)}>{timeAgo(job.last_run_at, now)}</td>
                  <td class="c-time" title={formatTimestamp(job.next_run_at)}>{job.enabled ? relativeTime(job.next_run_at, now) : "—"}</td>
                  {canOperate(user) && (
                    <td class="c-actions">
                      <button type="button" class="btn small ghost" disabled={running !== null}
                        onClick={(e) => { e.stopPropagation(); void runNow(job.key); }}>
                        {running === job.key ? "Running…" : "Run now"}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
          {jobs.length === 0 && <div class="empty">No jobs scheduled.</div>}
        </div>
      )}
    </section>
  );
}
