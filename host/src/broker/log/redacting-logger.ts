import type { Logger } from "@opsconductor/sdk";
import type { Redactor } from "../core/redactor.ts";

export type LogLevel = keyof Logger;
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

/** A logger that stamps `context` on every line and redacts secrets from message and fields. */
export function redactingLogger(sink: Logger, redactor: Redactor, context: Record<string, unknown>): Logger {
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    sink[level](redactor.text(String(message)), { ...(redactor.deep(fields ?? {}) as Record<string, unknown>), ...context });
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
