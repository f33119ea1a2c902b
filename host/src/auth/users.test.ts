import { test } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "../store/database.ts";
import { cachedPluck } from "../store/statements.ts";
import { ManualClock } from "../util/clock.ts";
import { SessionStore } from "./sessions.ts";
import { ApiTokenStore } from "./tokens.ts";
import { UserStore } from "./users.ts";

test("setPassword ends the user's sessions and revokes their API tokens, and no one else's", async () => {
  const db = openDatabase(":memory:");
  const clock = new ManualClock("2026-03-01T12:00:00.000Z");
  const users = new UserStore(db, clock);
  const sessions = new SessionStore(db, clock);
  const tokens = new ApiTokenStore(db, clock);
  const ann = await users.create({ username: "ann", password: "correct horse battery", role: "operator" });
  const bob = await users.create({ username: "bob", password: "correct horse battery", role: "viewer" });
  const annSession = sessions.create(ann.id, null);
  const annTokens = [tokens.create(ann.id, "nightly").token, tokens.create(ann.id, "adhoc", "2026-03-02T00:00:00.000Z").token];
  tokens.revoke(ann.id, tokens.create(ann.id, "old").record.id);
  const bobToken = tokens.create(bob.id, "bob's").token;
  clock.advance(60_000);

  const { user, revokedTokens } = await users.setPassword("ann", "a brand new password");
  assert.equal(user.username, "ann");
  assert.equal(revokedTokens, 2, "the one revoked already is not counted again");
  assert.equal(sessions.lookup(annSession.cookieValue).status, "unknown");
  for (const token of annTokens) assert.throws(() => tokens.authenticate(token), { code: "AUTH_TOKEN_INVALID" });
  assert.equal(tokens.authenticate(bobToken).user.username, "bob");
  assert.deepEqual(cachedPluck(db, "SELECT revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id").all(ann.id),
    ["2026-03-01T12:01:00.000Z", "2026-03-01T12:01:00.000Z", "2026-03-01T12:00:00.000Z"]);
});
