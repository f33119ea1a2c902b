-- The alert store keeps each IP's inventory record (name, criticality) in memory between batches
-- for priority decisions, instead of a query per batch. This counter, bumped by every change that
-- can alter such a record, tells it when to forget them.
CREATE TABLE store_versions (
  name    TEXT PRIMARY KEY,
  version INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_versions (name, version) VALUES ('devices', 0);
CREATE TRIGGER devices_version_insert AFTER INSERT ON devices
  BEGIN UPDATE store_versions SET version = version + 1 WHERE name = 'devices'; END;
CREATE TRIGGER devices_version_delete AFTER DELETE ON devices
  BEGIN UPDATE store_versions SET version = version + 1 WHERE name = 'devices'; END;
CREATE TRIGGER devices_version_update AFTER UPDATE OF ip, name, criticality ON devices
  BEGIN UPDATE store_versions SET version = version + 1 WHERE name = 'devices'; END;
