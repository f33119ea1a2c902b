import { hostError } from "../errors.ts";

/**
 * Settles like `work`, unless `ms` pass first (ADDON_DEADLINE_EXCEEDED) or `signal` aborts
 * (its reason). Either way `onStop` runs so the caller can drop the guest's work: an
 * isolate's `timeout` counts CPU only, so a guest awaiting a promise that never settles
 * is stopped only by this host-side timer. The late result of `work` is ignored.
 */
export function untilDeadline<T>(work: Promise<T>, ms: number, signal: AbortSignal | undefined, onStop: (reason: unknown) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const stop = (reason: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      onStop(reason);
      reject(reason);
    };
    const timer = setTimeout(() => stop(hostError("ADDON_DEADLINE_EXCEEDED", `the addon did not answer within ${Math.round(ms)} ms`)), Math.max(0, ms));
    const onAbort = () => stop(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    if (signal?.aborted) return onAbort();
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
      },
    );
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
