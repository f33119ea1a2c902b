/** The scheduler's only way to wait: injectable so tests move time by hand instead of sleeping. */
export interface TimerSource {
  /** Returns an opaque handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerSource = {
  setTimeout(callback, ms) {
    // Unref'd: the HTTP server keeps the daemon alive; a pending job must not keep a finished CLI or test alive.
    return setTimeout(callback, ms).unref();
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};
