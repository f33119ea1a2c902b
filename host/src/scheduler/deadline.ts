import { toErrorData, type ErrorData } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { FailedRunWithResult } from "./failed-run.ts";
import type { TimerSource } from "./timers.ts";
import type { JobContext, JobKind, JobRecord, JsonValue } from "./types.ts";

export type RunOutcome =
  | { status: "ok"; result: JsonValue }
  | { status: "failed" | "timeout" | "interrupted"; error: ErrorData; result?: JsonValue };

/**
 * Runs one handler call against a deadline. Settles with whichever comes first: the handler's
 * result, its error, or an abort of `controller` (the deadline → 'timeout'; the scheduler stopping
 * or the job being removed → 'interrupted'). After an abort the outcome does not wait for the
 * handler, but `onHandlerSettled` still reports when its promise does settle (called just before
 * the outcome when the handler finishes first) — the scheduler holds the job's key until then.
 */
export function runWithDeadline(
  kind: JobKind, job: JobRecord, context: Omit<JobContext, "signal">,
  controller: AbortController, timeoutMs: number, timers: TimerSource,
  onHandlerSettled: () => void,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(deadline);
      resolve(outcome);
    };
    const deadline = timers.setTimeout(() => {
      controller.abort(hostError("JOB_TIMEOUT", `${job.key} did not finish within ${timeoutMs} ms`, { key: job.key, timeoutMs }));
    }, timeoutMs);
    const { signal } = controller;
    const onAbort = () => {
      const error = toErrorData(signal.reason, "JOB_INTERRUPTED");
      settle({ status: error.code === "JOB_TIMEOUT" ? "timeout" : "interrupted", error });
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });

    let work: Promise<JsonValue>;
    try {
      work = Promise.resolve(kind.handler(job, { ...context, signal }));
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(
      (result) => {
        onHandlerSettled();
        settle({ status: "ok", result: result ?? null });
      },
      (error: unknown) => {
        onHandlerSettled();
        settle(error instanceof FailedRunWithResult
          ? { status: "failed", error: toErrorData(error), result: error.result }
          : { status: "failed", error: toErrorData(error) });
      },
    ).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
