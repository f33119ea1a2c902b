-- Runs in this addon's own database, never on the core tables.
-- Unqualified names only; ATTACH, PRAGMA, TEMP objects and core table names are refused.
CREATE TABLE IF NOT EXISTS notes (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
