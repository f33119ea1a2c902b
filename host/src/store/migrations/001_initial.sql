-- OpsConductor core schema. Timestamps are ISO 8601 UTC strings; JSON columns end in _json.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,          -- sha256 of the cookie value; the cookie itself is never stored
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  ip           TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,      -- sha256 of the token
  prefix       TEXT NOT NULL,             -- first characters, to recognise a token in lists
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  last_used_at TEXT,
  revoked_at   TEXT
);

CREATE TABLE installed_addons (
  id               TEXT PRIMARY KEY,
  version          TEXT NOT NULL,
  previous_version TEXT,
  name             TEXT NOT NULL,
  category         TEXT NOT NULL,
  runtime          TEXT NOT NULL,
  trust_level      TEXT NOT NULL,         -- core | trusted | community | unsigned
  key_id           TEXT,
  path             TEXT NOT NULL,
  manifest_json    TEXT NOT NULL,
  enabled          INTEGER NOT NULL DEFAULT 1,
  status           TEXT NOT NULL DEFAULT 'installed',  -- installed | active | failed | refused
  status_code      TEXT,
  status_message   TEXT,
  installed_at     TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);

CREATE TABLE addon_migrations (
  addon_id   TEXT NOT NULL,
  name       TEXT NOT NULL,
  version    TEXT NOT NULL,              -- the addon version that applied it
  applied_at TEXT NOT NULL,
  PRIMARY KEY (addon_id, name)
);

CREATE TABLE connectors (
  id                   TEXT PRIMARY KEY,
  addon_id             TEXT NOT NULL,
  name                 TEXT NOT NULL,
  config_json          TEXT NOT NULL DEFAULT '{}',   -- non-secret fields only
  secrets_enc          TEXT,                          -- AES-256-GCM envelope of the sensitive fields
  enabled              INTEGER NOT NULL DEFAULT 1,
  poll_interval_s      INTEGER NOT NULL DEFAULT 60,
  status               TEXT NOT NULL DEFAULT 'new',   -- new | ok | failing | disabled
  status_code          TEXT,
  status_message       TEXT,
  last_poll_at         TEXT,
  last_success_at      TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  webhook_token_hash   TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX connectors_addon ON connectors(addon_id);

-- Daily counters per connector instance; counters.reset moves `since` forward and zeroes them.
CREATE TABLE connector_counters (
  connector_id        TEXT PRIMARY KEY REFERENCES connectors(id) ON DELETE CASCADE,
  since               TEXT NOT NULL,
  received            INTEGER NOT NULL DEFAULT 0,
  created             INTEGER NOT NULL DEFAULT 0,
  deduplicated        INTEGER NOT NULL DEFAULT 0,
  resolved            INTEGER NOT NULL DEFAULT 0,
  dropped_clears      INTEGER NOT NULL DEFAULT 0,
  notices             INTEGER NOT NULL DEFAULT 0,
  polls               INTEGER NOT NULL DEFAULT 0,
  poll_failures       INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE devices (
  id             INTEGER PRIMARY KEY,
  connector_id   TEXT REFERENCES connectors(id) ON DELETE SET NULL,
  external_id    TEXT NOT NULL,
  name           TEXT NOT NULL,
  ip             TEXT,
  type           TEXT,
  vendor         TEXT,
  model          TEXT,
  site           TEXT,
  status         TEXT,
  criticality    TEXT NOT NULL DEFAULT 'medium' CHECK (criticality IN ('high', 'medium', 'low')),
  attributes_json TEXT NOT NULL DEFAULT '{}',
  first_seen_at  TEXT NOT NULL,
  last_seen_at   TEXT NOT NULL,
  UNIQUE (connector_id, external_id)
);
CREATE INDEX devices_ip ON devices(ip);

-- Mapping tables. connector_type '*' is the default for every type. origin: 'seed' rows may be
-- replaced by an addon upgrade, 'admin' rows (edited in the UI) never are.
CREATE TABLE severity_mappings (
  id             INTEGER PRIMARY KEY,
  connector_type TEXT NOT NULL,
  alert_type     TEXT NOT NULL,
  severity       TEXT NOT NULL CHECK (severity IN ('critical','major','minor','warning','info','clear')),
  enabled        INTEGER NOT NULL DEFAULT 1,
  is_clear       INTEGER,                 -- NULL: decided by name suffix
  clears         TEXT,                    -- problem type this clear resolves when names do not pair
  origin         TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('seed', 'admin')),
  updated_at     TEXT NOT NULL,
  UNIQUE (connector_type, alert_type)
);

CREATE TABLE category_mappings (
  id             INTEGER PRIMARY KEY,
  connector_type TEXT NOT NULL,
  alert_type     TEXT NOT NULL,           -- '*' sets the connector type's default category
  category       TEXT NOT NULL CHECK (category IN ('network','wireless','video','power','environment','storage','compute','security','application','unknown')),
  origin         TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('seed', 'admin')),
  updated_at     TEXT NOT NULL,
  UNIQUE (connector_type, alert_type)
);

CREATE TABLE priority_rules (
  id             INTEGER PRIMARY KEY,
  connector_type TEXT NOT NULL DEFAULT '*',
  impact         TEXT NOT NULL CHECK (impact IN ('high', 'medium', 'low')),
  urgency        TEXT NOT NULL CHECK (urgency IN ('high', 'medium', 'low')),
  priority       TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4', 'P5')),
  origin         TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('seed', 'admin')),
  updated_at     TEXT NOT NULL,
  UNIQUE (connector_type, impact, urgency)
);

CREATE TABLE alert_type_templates (
  id               INTEGER PRIMARY KEY,
  connector_type   TEXT NOT NULL,
  alert_type       TEXT NOT NULL,
  title_template   TEXT NOT NULL,         -- {device_name}, {device_ip}, {resource}, {metrics.x} placeholders
  urgency          TEXT CHECK (urgency IN ('high', 'medium', 'low')),  -- overrides the severity's urgency
  description      TEXT,
  origin           TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('seed', 'admin')),
  updated_at       TEXT NOT NULL,
  UNIQUE (connector_type, alert_type)
);

CREATE TABLE deduplication_rules (
  id             INTEGER PRIMARY KEY,
  connector_type TEXT NOT NULL UNIQUE,    -- '*' is the default rule
  fields_json    TEXT NOT NULL,           -- e.g. ["device_ip","alert_type","resource"]
  window_s       INTEGER NOT NULL,        -- a repeat within the window bumps the open alert
  origin         TEXT NOT NULL DEFAULT 'admin' CHECK (origin IN ('seed', 'admin')),
  updated_at     TEXT NOT NULL
);

CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,
  fingerprint      TEXT NOT NULL,
  connector_id     TEXT NOT NULL,
  connector_type   TEXT NOT NULL,
  target           TEXT,
  alert_type       TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  stale            INTEGER NOT NULL DEFAULT 0,
  severity         TEXT NOT NULL,
  category         TEXT NOT NULL,
  priority         TEXT NOT NULL,
  priority_reason  TEXT NOT NULL,
  device_ip        TEXT NOT NULL,
  device_name      TEXT NOT NULL,
  resource         TEXT,
  title            TEXT NOT NULL,
  message          TEXT NOT NULL,
  metrics_json     TEXT NOT NULL,
  raw_json         TEXT NOT NULL,
  occurrence_count INTEGER NOT NULL DEFAULT 1,
  absent_polls     INTEGER NOT NULL DEFAULT 0,
  first_seen_at    TEXT NOT NULL,
  last_seen_at     TEXT NOT NULL,
  event_time       TEXT NOT NULL,         -- the source's timestamp of the latest occurrence
  acknowledged_by  TEXT,
  acknowledged_at  TEXT,
  resolved_by      TEXT,
  resolved_at      TEXT,
  resolution       TEXT CHECK (resolution IN ('clear', 'absence', 'manual', 'expired'))
);
-- At most one unresolved alert per fingerprint: the store enforces the invariant, not only the code.
CREATE UNIQUE INDEX alerts_open_fingerprint ON alerts(fingerprint) WHERE status <> 'resolved';
CREATE INDEX alerts_connector_open ON alerts(connector_id) WHERE status <> 'resolved';
CREATE INDEX alerts_status_id ON alerts(status, id);
CREATE INDEX alerts_last_seen ON alerts(last_seen_at);

CREATE TABLE alert_events (
  id           INTEGER PRIMARY KEY,
  alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
  at           TEXT NOT NULL,
  kind         TEXT NOT NULL,             -- created | severity_changed | acknowledged | unacknowledged | resolved | stale | fresh | reopened_notice
  actor        TEXT NOT NULL,             -- 'system', 'connector:<id>' or 'user:<name>'
  details_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX alert_events_alert ON alert_events(alert_id, id);

CREATE TABLE polling_configs (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER REFERENCES devices(id) ON DELETE CASCADE,
  connector_id TEXT REFERENCES connectors(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  oids_json   TEXT NOT NULL,             -- [{"oid": "...", "metric": "..."}]
  interval_s  INTEGER NOT NULL DEFAULT 30,
  enabled     INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE metric_samples (
  id          INTEGER PRIMARY KEY,
  device_id   INTEGER REFERENCES devices(id) ON DELETE CASCADE,
  metric      TEXT NOT NULL,
  value       REAL,
  at          TEXT NOT NULL
);
CREATE INDEX metric_samples_device_metric ON metric_samples(device_id, metric, at);

CREATE TABLE scheduler_jobs (
  key           TEXT PRIMARY KEY,         -- e.g. 'connector.poll:<connectorId>', 'alerts.evaluate'
  kind          TEXT NOT NULL,
  owner         TEXT NOT NULL DEFAULT 'core',  -- 'core', 'connector:<id>' or 'addon:<id>'
  interval_s    INTEGER,
  cron          TEXT,
  enabled       INTEGER NOT NULL DEFAULT 1,
  payload_json  TEXT NOT NULL DEFAULT '{}',
  next_run_at   TEXT,
  last_run_at   TEXT,
  last_status   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

CREATE TABLE job_runs (
  id            INTEGER PRIMARY KEY,
  job_key       TEXT NOT NULL,
  kind          TEXT NOT NULL,
  trigger       TEXT NOT NULL DEFAULT 'schedule',  -- schedule | manual | catch-up
  status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'timeout', 'skipped', 'interrupted')),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  duration_ms   INTEGER,
  error_code    TEXT,
  error_message TEXT,
  result_json   TEXT
);
CREATE INDEX job_runs_key ON job_runs(job_key, id);
CREATE INDEX job_runs_started ON job_runs(started_at);

CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  action       TEXT NOT NULL,
  target       TEXT,
  details_json TEXT NOT NULL DEFAULT '{}',
  ip           TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);

-- Default dedup rule and ITIL-style impact × urgency matrix; seeds, editable by admins.
INSERT INTO deduplication_rules (connector_type, fields_json, window_s, origin, updated_at)
VALUES ('*', '["connector_id","device_ip","alert_type_base","resource"]', 86400, 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO priority_rules (connector_type, impact, urgency, priority, origin, updated_at) VALUES
  ('*', 'high',   'high',   'P1', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'high',   'medium', 'P2', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'high',   'low',    'P3', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'medium', 'high',   'P2', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'medium', 'medium', 'P3', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'medium', 'low',    'P4', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'low',    'high',   'P3', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'low',    'medium', 'P4', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('*', 'low',    'low',    'P5', 'seed', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
