import type { AlertRecord } from "../../api/types.ts";
import { matchesFilters, type AlertFilters } from "./filters.ts";

/** How the list changed when one alert was merged in. */
export type MergeOutcome = "inserted" | "updated" | "removed" | "ignored";

/**
 * Places a fresh copy of an alert (from the live stream or an action) into the
 * list the user is looking at: replaced in place when shown and still matching,
 * inserted in id order (newest first, as the API pages) when it now matches,
 * removed when it no longer matches (e.g. resolved under the "active" view).
 *
 * `oldestLoadedId`: with more pages still to load, an alert older than the
 * loaded window is left for "load more" to bring, so it does not appear twice.
 */
export function mergeAlert(
  items: readonly AlertRecord[],
  alert: AlertRecord,
  filters: AlertFilters,
  oldestLoadedId: number | null = null,
): { items: AlertRecord[]; outcome: MergeOutcome } {
  const index = items.findIndex((item) => item.id === alert.id);
  const matches = matchesFilters(alert, filters);
  if (index !== -1) {
    const next = [...items];
    if (matches) {
      next[index] = alert;
      return { items: next, outcome: "updated" };
    }
    next.splice(index, 1);
    return { items: next, outcome: "removed" };
  }
  if (!matches || (oldestLoadedId !== null && alert.id < oldestLoadedId)) return { items: [...items], outcome: "ignored" };
  const at = items.findIndex((item) => item.id < alert.id);
  const next = [...items];
  next.splice(at === -1 ? next.length : at, 0, alert);
  return { items: next, outcome: "inserted" };
}

/** Drops an alert that no longer exists. */
export function removeAlert(items: readonly AlertRecord[], id: number): AlertRecord[] {
  return items.filter((item) => item.id !== id);
}
