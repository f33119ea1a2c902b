-- A mapping row an admin deleted through the API leaves a tombstone here, so that the addon's seed
-- (re-applied at every upgrade, rollback or reinstall) does not put it back: a deletion is an admin
-- edit, and admin edits survive. natural_key is the row's key inside its connector type: alert_type
-- (severity, category, alert-type templates), '' (dedup: one rule per type), or the JSON array
-- [impact, urgency] (priority). An admin creating a row with that key again removes the tombstone.
-- Uninstalling the addon keeps them, as it keeps the admin's rows.
CREATE TABLE mapping_tombstones (
  table_name     TEXT NOT NULL,
  connector_type TEXT NOT NULL,
  natural_key    TEXT NOT NULL,
  deleted_by     TEXT,
  deleted_at     TEXT NOT NULL,
  PRIMARY KEY (table_name, connector_type, natural_key)
) WITHOUT ROWID;
