import type { FromSchema } from "json-schema-to-ts";

const port = { type: "integer", minimum: 0, maximum: 65535 } as const;

/** The daemon's resolved configuration (DESIGN §7). Port 0 asks the OS for a free port. */
export const daemonConfigSchema = {
  type: "object",
  required: ["port", "host", "dataDir", "trapPort", "dev"],
  properties: {
    port,
    host: { type: "string", minLength: 1, maxLength: 255, pattern: "^[A-Za-z0-9.:\\[\\]%_-]+$" },
    /** Absolute path of the data directory (database, secret key, addons). */
    dataDir: { type: "string", minLength: 1 },
    /** UDP port of the SNMP trap listener. */
    trapPort: port,
    /** Development mode: unsigned addons load, with a warning. */
    dev: { type: "boolean" },
    /** Days a resolved alert (with its history) is kept after it resolved (default 90). */
    alertRetentionDays: { type: "integer", minimum: 1, maximum: 36_500 },
    /** Days a metric sample is kept (default 30). */
    metricRetentionDays: { type: "integer", minimum: 1, maximum: 36_500 },
  },
  additionalProperties: false,
} as const;
export type DaemonConfig = FromSchema<typeof daemonConfigSchema>;

export const DEFAULT_CONFIG = {
  port: 8080,
  host: "127.0.0.1",
  dataDir: "./data",
  trapPort: 162,
  dev: false,
  alertRetentionDays: 90,
  metricRetentionDays: 30,
} as const;
