import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { validatorFor } from "@opsconductor/sdk";
import { hostError } from "../errors.ts";
import { DEFAULT_CONFIG, daemonConfigSchema, type DaemonConfig } from "./schema.ts";

/** Command-line flags as parsed (all text), before validation. */
export interface ConfigFlags {
  port?: string;
  host?: string;
  data?: string;
  "trap-port"?: string;
  "trap-host"?: string;
  "absence-threshold"?: string;
  "open-alert-limit"?: string;
  "backup-keep"?: string;
  metrics?: boolean;
  "trust-proxy"?: boolean;
  "alert-retention-days"?: string;
  "metric-retention-days"?: string;
  "audit-retention-days"?: string;
  dev?: boolean;
}

type Env = Record<string, string | undefined>;

/** Each setting: its flag, its environment variable, how text becomes a value. */
const SETTINGS = [
  { key: "port", flag: "port", env: "OPSCONDUCTOR_PORT", parse: toInteger },
  { key: "host", flag: "host", env: "OPSCONDUCTOR_HOST", parse: (v: string) => v },
  { key: "dataDir", flag: "data", env: "OPSCONDUCTOR_DATA", parse: (v: string) => v },
  { key: "trapPort", flag: "trap-port", env: "OPSCONDUCTOR_TRAP_PORT", parse: toInteger },
  { key: "trapHost", flag: "trap-host", env: "OPSCONDUCTOR_TRAP_HOST", parse: (v: string) => v },
  { key: "alertRetentionDays", flag: "alert-retention-days", env: "OPSCONDUCTOR_ALERT_RETENTION_DAYS", parse: toInteger },
  { key: "metricRetentionDays", flag: "metric-retention-days", env: "OPSCONDUCTOR_METRIC_RETENTION_DAYS", parse: toInteger },
  { key: "auditRetentionDays", flag: "audit-retention-days", env: "OPSCONDUCTOR_AUDIT_RETENTION_DAYS", parse: toInteger },
  { key: "absenceThreshold", flag: "absence-threshold", env: "OPSCONDUCTOR_ABSENCE_THRESHOLD", parse: toInteger },
  { key: "openAlertLimit", flag: "open-alert-limit", env: "OPSCONDUCTOR_OPEN_ALERT_LIMIT", parse: toInteger },
  { key: "backupKeep", flag: "backup-keep", env: "OPSCONDUCTOR_BACKUP_KEEP", parse: toInteger },
  { key: "metrics", flag: "metrics", env: "OPSCONDUCTOR_METRICS", parse: toBoolean },
  { key: "trustProxy", flag: "trust-proxy", env: "OPSCONDUCTOR_TRUST_PROXY", parse: toBoolean },
] as const;

// The usual spellings of a switch in an environment variable; anything else stays text for the schema to refuse.
function toBoolean(value: string): boolean | string {
  const word = value.trim().toLowerCase();
  return ["1", "true", "yes", "on"].includes(word) ? true : ["0", "false", "no", "off"].includes(word) ? false : value;
}

// Text that is not a plain integer stays text, so the schema reports it as "must be integer".
function toInteger(value: string): number | string {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/**
 * Resolves the daemon configuration: flags win over OPSCONDUCTOR_* variables,
 * which win over the defaults. CONFIG_INVALID names the setting and where its
 * bad value came from.
 */
export function loadDaemonConfig(flags: ConfigFlags, env: Env = process.env, cwd = process.cwd()): DaemonConfig {
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG, dev: flags.dev ?? false };
  const origin: Record<string, string> = {};
  for (const setting of SETTINGS) {
    const fromFlag = flags[setting.flag];
    const fromEnv = env[setting.env];
    if (fromFlag !== undefined) {
      config[setting.key] = typeof fromFlag === "boolean" ? fromFlag : setting.parse(fromFlag);
      origin[setting.key] = `--${setting.flag} ${JSON.stringify(fromFlag)}`;
    } else if (fromEnv !== undefined && fromEnv !== "") {
      config[setting.key] = setting.parse(fromEnv);
      origin[setting.key] = `${setting.env}=${JSON.stringify(fromEnv)}`;
    }
  }
  const validate = validatorFor(daemonConfigSchema);
  if (!validate(config)) {
    const problems = (validate.errors ?? []).map((error) => {
      const key = error.instancePath.slice(1);
      return `${key}${origin[key] ? ` (${origin[key]})` : ""} ${error.message ?? "is invalid"}`;
    });
    throw hostError("CONFIG_INVALID", `invalid configuration: ${problems.join("; ")}`);
  }
  return { ...(config as DaemonConfig), dataDir: checkedDataDir(resolve(cwd, config.dataDir as string), origin.dataDir) };
}

/** Only the data directory (for CLI verbs that open the database without serving); CONFIG_INVALID as for the daemon. */
export function resolveDataDir(flag: string | undefined, env: Env = process.env, cwd = process.cwd()): string {
  if (flag === "") throw hostError("CONFIG_INVALID", "invalid configuration: dataDir (--data \"\") must NOT have fewer than 1 characters");
  const dir = flag ?? (env.OPSCONDUCTOR_DATA || DEFAULT_CONFIG.dataDir);
  return checkedDataDir(resolve(cwd, dir), flag !== undefined ? `--data ${JSON.stringify(flag)}` : env.OPSCONDUCTOR_DATA ? `OPSCONDUCTOR_DATA=${JSON.stringify(env.OPSCONDUCTOR_DATA)}` : undefined);
}

/**
 * A data directory that exists must be a directory: a mistyped path naming a file would
 * otherwise fail later with an OS error (or, read as "nothing there yet", look empty).
 */
function checkedDataDir(dir: string, origin: string | undefined): string {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw hostError("CONFIG_INVALID", `invalid configuration: dataDir${origin ? ` (${origin})` : ""} ${dir} is a file, not a directory`);
  }
  return dir;
}
