import { Fragment } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { isAbort } from "../../api/errors.ts";
import { listRuns } from "../../api/endpoints.ts";
import type { RunRecord } from "../../api/types.ts";
import { useApp } from "../../app/context.ts";
import { buildHash } from "../../app/route.ts";
import { RunStatusBadge } from "../../components/Chips.tsx";
import { ErrorBox } from "../../components/ErrorBox.tsx";
import { LoadMore } from "../../components/LoadMore.tsx";
import { formatDuration, formatTimestamp, timeAgo } from "../../lib/format.ts";
import { useNow, useVisibleInterval } from "../../lib/hooks.ts";
import { RUN_STATUSES } from "../../../../host/src/scheduler/types.ts";

const PAGE = 50;
const REFRESH_MS = 10_000;

interface Props {
  job: string | null;
  status: string | null;
}

/** Recent runs, newest first; the first page refreshes itself while nothing older has been loaded. */
export function RunsTable({ job, status }: Props) {
  const { client, route, navigate } = useApp();
  const now = useNow(5_000);
  const [runs, setRuns] = useState<RunRecord[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<number | null>(null);
  const pagedRef = useRef(false);

  const query = { job_key: job ?? undefined, status: status ?? undefined, limit: PAGE };
  const key = JSON.stringify(query);

  const loadFirst = useCallback((signal?: AbortSignal) => {
    listRuns(client, JSON.parse(key) as typeof query, signal).then((page) => {
      pagedRef.current = false;
      setRuns(page.items);
      setNextCursor(page.nextCursor);
      setError(null);
    }, (caught: unknown) => {
      if (!isAbort(caught)) setError(caught);
    });
  }, [client, key]);

  useEffect(() => {
    const controller = new AbortController();
    setRuns(null);
    loadFirst(controller.signal);
    return () => controller.abort();
  }, [loadFirst]);
  useVisibleInterval(() => {
    if (!pagedRef.current) loadFirst();
  }, REFRESH_MS);

  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await listRuns(client, { ...query, cursor: nextCursor });
      pagedRef.current = true;
      setRuns((current) => [...(current ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const setParam = (name: string, value: string | null) => {
    const params = new URLSearchParams(route.params);
    if (value) params.set(name, value);
    else params.delete(name);
    navigate(buildHash("scheduler", null, params), true);
  };

  return (
    <section class="panel">
      <div class="panel-head">
        <h2>Recent runs</h2>
        {job && (
          <span class="badge filter-tag">
            job <span class="mono">{job}</span>
            <button type="button" class="btn ghost tiny" aria-label="Show every job's runs" onClick={() => setParam("job", null)}>×</button>
          </span>
        )}
        <span class="spacer" />
        <select aria-label="Run status" value={status ?? ""} onChange={(e) => setParam("status", e.currentTarget.value || null)}>
          <option value="">Every status</option>
          {RUN_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </div>
      {error !== null && <ErrorBox error={error} onRetry={() => loadFirst()} onDismiss={() => setError(null)} />}
      {runs === null && error === null && <p class="muted">Loading…</p>}
      {runs !== null && (
        <div class="table-wrap">
          <table class="grid" data-table="runs">
            <thead>
              <tr>
                <th class="c-num">#</th><th>Job</th><th>Trigger</th><th>Status</th>
                <th class="c-time">Started</th><th class="c-num">Duration</th><th class="c-error">Error</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <Fragment key={run.id}>
                  <tr class={`row${run.error_code ? " has-error" : ""}`}
                    onClick={() => setExpanded(expanded === run.id ? null : run.id)}>
                    <td class="c-num muted">{run.id}</td>
                    <td class="mono small">{run.job_key}</td>
                    <td class="small">{run.trigger}</td>
                    <td><RunStatusBadge status={run.status} /></td>
                    <td class="c-time" title={formatTimestamp(run.started_at)}>{timeAgo(run.started_at, now)}</td>
                    <td class="c-num">{run.status === "running" ? <span class="muted">running</span> : formatDuration(run.duration_ms)}</td>
                    <td class="c-error">
                      {run.error_code && <code class="error-code">{run.error_code}</code>}
                      {run.error_message && <span class="small"> {run.error_message}</span>}
                    </td>
                  </tr>
                  {expanded === run.id && (
                    <tr class="detail-row">
                      <td colSpan={7}>
                        <dl class="facts inline">
                          <dt>Started</dt><dd>{formatTimestamp(run.started_at)}</dd>
                          <dt>Finished</dt><dd>{formatTimestamp(run.finished_at)}</dd>
                          <dt>Kind</dt><dd class="mono">{run.kind}</dd>
                        </dl>
                        {run.result !== null && run.result !== undefined && <pre class="result">{JSON.stringify(run.result, null, 2)}</pre>}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {runs.length === 0 && <div class="empty">No runs recorded{job ? " for this job" : ""}.</div>}
        </div>
      )}
      {runs !== null && <LoadMore hasMore={nextCursor !== null} loading={loadingMore} onLoad={loadMore} shown={runs.length} noun="run" />}
    </section>
  );
}
