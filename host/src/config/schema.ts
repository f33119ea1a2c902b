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
    /**
     * Address the trap listener binds (default: the HTTP host). Devices send traps from the
     * network, so this is often 0.0.0.0 while the API stays on 127.0.0.1.
     */
    trapHost: { type: "string", minLength: 1, maxLength: 255, pattern: "^[A-Za-z0-9.:\\[\\]%_-]+$" },
    /** Development mode: unsigned addons load, with a warning. */
    dev: { type: "boolean" },
    /** Days a resolved alert (with its history) is kept after it resolved (default 90). */
    alertRetentionDays: { type: "integer", minimum: 1, maximum: 36_500 },
    /** Days a metric sample is kept (default 30). */
    metricRetentionDays: { type: "integer", minimum: 1, maximum: 36_500 },
    /** Days an audit log entry is kept (default 365). */
    auditRetentionDays: { type: "integer", minimum: 1, maximum: 36_500 },
    /**
     * Consecutive successful snapshots an open alert must be missing from before it resolves
     * (default 2: one poll that misses a sensor does not resolve it).
     */
    absenceThreshold: { type: "integer", minimum: 1, maximum: 100 },
    /**
     * Unresolved alerts one connector instance may have (default 100,000); new problems past
     * it are stored as notices. Open alerts are held in memory, about 250 bytes each.
     */
    openAlertLimit: { type: "integer", minimum: 1, maximum: 100_000_000 },
    /** Serve Prometheus metrics, unauthenticated, on GET /metrics (default off). */
    metrics: { type: "boolean" },
    /**
     * The daemon sits behind one reverse proxy: a client's address (login throttle, audit) is the
     * last X-Forwarded-For entry, which that proxy appends (default off: the peer's address).
     */
    trustProxy: { type: "boolean" },
    /** Nightly database backups kept in <data>/backups (default 7; 0: no backups). */
    backupKeep: { type: "integer", minimum: 0, maximum: 365 },
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
  auditRetentionDays: 365,
  absenceThreshold: 2,
  openAlertLimit: 100_000,
  metrics: false,
  trustProxy: false,
  backupKeep: 7,
} as const;
