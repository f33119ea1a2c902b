/**
 * The shortest poll interval the host schedules, in seconds: the connectors API's
 * `poll_interval_s`, a manifest's `defaults.poll_interval_s` and a config's poll-interval field
 * (a smaller value there is ignored) all hold to it. With {@link pollDeadlineMs} it keeps
 * every poll's deadline at 8 s or more.
 */
export const MIN_POLL_INTERVAL_S = 10;

/** The longest one poll may run, however long its interval. */
export const MAX_POLL_DEADLINE_MS = 300_000;

/**
 * How long one poll of an instance polled every `intervalS` seconds may run: 80 % of the
 * interval, at most 5 minutes. The host gives the connector.poll job this timeout and the
 * sandbox this wall-clock deadline; a connector that plans its work within the poll (PRTG's
 * rechecks) reads the same number. It is always shorter than the interval, so a hung poll is
 * cut off before the next one is due, which then runs instead of being skipped as an overlap.
 * There is no floor: a 10 s floor made the deadline of a 10 s interval the whole interval, and a
 * hung poll then alternated timeout and skipped, halving the poll rate. The minimum interval
 * ({@link MIN_POLL_INTERVAL_S}) is what keeps the deadline from getting too short.
 *
 * @example
 * pollDeadlineMs(60);   // 48_000
 * pollDeadlineMs(10);   // 8_000
 * pollDeadlineMs(3600); // 300_000
 */
export function pollDeadlineMs(intervalS: number): number {
  return Math.min(Math.floor(intervalS * 800), MAX_POLL_DEADLINE_MS);
}
