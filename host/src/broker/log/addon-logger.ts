import type { Logger } from "@opsconductor/sdk";
import type { Clock } from "../../util/clock.ts";
import type { StatsRecorder } from "../core/stats.ts";
import { LOG_LEVELS, type LogLevel } from "./redacting-logger.ts";

const WINDOW_MS = 60_000;
const MAX_MESSAGE_CHARS = 2_000;
const MAX_FIELDS_CHARS = 8_000;

/**
 * ctx.log: lines go to `sink` (a redacting logger) tagged `source: "addon"`,
 * at most `linesPerMinute` per minute; the rest are dropped and reported as one
 * warning when the next minute starts, so a looping addon cannot flood the host log.
 */
export function addonLogger(sink: Logger, options: { clock: Clock; linesPerMinute: number; stats: StatsRecorder }): Logger {
  let windowStart = options.clock.now();
  let written = 0;
  let dropped = 0;

  const write = (level: LogLevel) => (message: unknown, fields?: unknown) => {
    const now = options.clock.now();
    if (now - windowStart >= WINDOW_MS) {
      if (dropped > 0) sink.warn("addon log lines dropped by the rate limit", { source: "broker", dropped, perMinute: options.linesPerMinute });
      windowStart = now;
      written = 0;
      dropped = 0;
    }
    options.stats.call("log");
    if (written >= options.linesPerMinute) {
      dropped += 1;
      options.stats.error("log");
      return;
    }
    written += 1;
    const text = truncate(typeof message === "string" ? message : String(message), MAX_MESSAGE_CHARS);
    options.stats.bytesOut("log", text.length);
    sink[level](text, { ...boundedFields(fields), source: "addon" });
  };
  return Object.fromEntries(LOG_LEVELS.map((level) => [level, write(level)])) as unknown as Logger;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Fields as plain JSON data, or a marker when they are not an object or too big to keep. */
function boundedFields(fields: unknown): Record<string, unknown> {
  if (fields === undefined || fields === null) return {};
  if (typeof fields !== "object" || Array.isArray(fields)) return { fields: "[not an object]" };
  let json: string;
  try {
    json = JSON.stringify(fields);
  } catch {
    return { fields: "[not serializable]" };
  }
  if (json.length > MAX_FIELDS_CHARS) return { fields: `[${json.length} characters, over the ${MAX_FIELDS_CHARS} limit]` };
  return JSON.parse(json) as Record<string, unknown>;
}
