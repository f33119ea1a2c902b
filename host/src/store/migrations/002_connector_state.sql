-- ctx.state: the small persisted KV of each connector instance (DESIGN §3: connectors are stateless
-- between polls except through it). Sizes are enforced by the broker; `size` caches the byte length
-- of value_json so that the per-instance total is one indexed SUM.

CREATE TABLE connector_state (
  connector_id TEXT NOT NULL,
  key          TEXT NOT NULL,
  value_json   TEXT NOT NULL,
  size         INTEGER NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (connector_id, key)
) WITHOUT ROWID;

-- No foreign key, so a connector being tested before it is saved can still use ctx.state;
-- the trigger drops the state of a deleted connector instead.
CREATE TRIGGER connectors_delete_state AFTER DELETE ON connectors
BEGIN
  DELETE FROM connector_state WHERE connector_id = OLD.id;
END;
