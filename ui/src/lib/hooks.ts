import { useEffect, useRef, useState } from "preact/hooks";

/** Epoch ms, refreshed every `everyMs`, so relative times ("5m ago") stay true. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** `value`, once it has stopped changing for `delayMs` (search boxes). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Calls `callback` every `everyMs` while the tab is visible (and once when it becomes visible again). */
export function useVisibleInterval(callback: () => void, everyMs: number): void {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    const tick = () => {
      if (document.visibilityState === "visible") saved.current();
    };
    const timer = setInterval(tick, everyMs);
    document.addEventListener("visibilitychange", tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
    };
  }, [everyMs]);
}

/**
 * Runs `load` now (its signal aborted when the component goes away or `load` changes) and again
 * every `everyMs` while the tab is visible: the lists that follow the daemon's state.
 */
export function useLoadAndRefresh(load: (signal?: AbortSignal) => void, everyMs: number): void {
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);
  useVisibleInterval(() => load(), everyMs);
}
