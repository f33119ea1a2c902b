-- What an alert row stands for: a 'problem' reported by a source, a 'notice' (an informational event,
-- stored already resolved so it shows in history) or a connector 'health' alert the host raises about
-- an instance that cannot poll. Resolve-by-absence and poll-failure staleness apply to problems only.
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'problem' CHECK (kind IN ('problem', 'notice', 'health'));
