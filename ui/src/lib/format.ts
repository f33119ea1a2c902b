/** "12s", "5m", "3h", "4d" before `now` (both epoch ms); future times read "in 5m"; "—" for nothing. */
export function relativeTime(iso: string | null | undefined, now: number): string {
  if (!iso) return "—";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const delta = now - at;
  const text = shortSpan(Math.abs(delta));
  if (text === "now") return "now";
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * How long ago something that has happened did ("5m ago"). The `now` of a page ticks every
 * few seconds, so an event newer than the last tick would otherwise read "in 5s": it reads "now".
 */
export function timeAgo(iso: string | null | undefined, now: number): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return relativeTime(iso, Number.isNaN(at) ? now : Math.max(now, at));
}

function shortSpan(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 5) return "now";
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** Job durations: "850 ms", "1.2 s", "2m 05s", "1h 02m"; "—" when not finished. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const totalS = Math.round(ms / 1000);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m}m ${String(totalS % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** Local "YYYY-MM-DD HH:MM:SS" — sortable and unambiguous on a NOC wall. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** "every 60 s", "every 5 min", "cron 0 3 * * *". */
export function formatSchedule(intervalS: number | null | undefined, cron: string | null | undefined): string {
  if (cron) return `cron ${cron}`;
  if (intervalS === null || intervalS === undefined) return "—";
  if (intervalS % 86_400 === 0) return `every ${intervalS / 86_400} d`;
  if (intervalS % 3600 === 0) return `every ${intervalS / 3600} h`;
  if (intervalS >= 120 && intervalS % 60 === 0) return `every ${intervalS / 60} min`;
  return `every ${intervalS} s`;
}

/** "user:alice" → "alice", "connector:prtg-1" → "connector prtg-1", "system" → "system". */
export function formatActor(actor: string): string {
  if (actor.startsWith("user:")) return actor.slice(5);
  const colon = actor.indexOf(":");
  return colon > 0 ? `${actor.slice(0, colon)} ${actor.slice(colon + 1)}` : actor;
}
