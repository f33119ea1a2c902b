-- alerts_last_seen moved on every repeat of an open alert (each one rewrites last_seen_at), an index
-- delete + insert per deduplicated occurrence, and its only reader was the flapping scan, which asks
-- for alerts *opened* within the window: first_seen_at narrows that scan at least as well and never
-- changes after the insert (new rows append at the right edge of the index).
DROP INDEX IF EXISTS alerts_last_seen;
CREATE INDEX alerts_first_seen ON alerts(first_seen_at);
