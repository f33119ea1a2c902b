-- The unresolved alert of each fingerprint is now looked up in memory (alerts/open-fingerprints.ts),
-- loaded from this table at start and kept in step by the alert store, the only writer. The partial
-- unique index it replaces took a random B-tree insert per new alert (fingerprints are hashes): about
-- a third of the cost of storing one under sustained ingest. The store checks the invariant (at most
-- one unresolved alert per fingerprint) before every insert instead.
DROP INDEX IF EXISTS alerts_open_fingerprint;
