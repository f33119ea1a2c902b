/**
 * Tables of the host's core database (host/src/store/migrations). An addon's
 * migrations run in its own database and may not name any of them, even as a
 * column or alias: a name that collides with a core table is refused outright.
 * `test/addon-platform/core-tables.test.ts` keeps this list in step with the host's schema.
 *
 * @example
 * CORE_TABLES.includes("alerts"); // true
 */
export const CORE_TABLES = [
  "schema_migrations",
  "users",
  "sessions",
  "api_tokens",
  "installed_addons",
  "addon_migrations",
  "connectors",
  "connector_counters",
  "connector_state",
  "devices",
  "severity_mappings",
  "category_mappings",
  "priority_rules",
  "alert_type_templates",
  "deduplication_rules",
  "mapping_tombstones",
  "alerts",
  "alert_events",
  "polling_configs",
  "metric_samples",
  "scheduler_jobs",
  "job_runs",
  "audit_log",
  "store_versions",
] as const;
