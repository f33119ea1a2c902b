import { test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { claimDataDir, clearDaemonPresence } from "./daemon-presence.ts";
import { underUmask022 } from "./util/testing.ts";

test("claiming a data directory that does not exist yet creates it 0700, under umask 022", (t) => {
  const data = join(underUmask022(t), "data");
  claimDataDir(data, "2026-03-01T12:00:00.000Z");
  t.after(() => clearDaemonPresence(data));
  assert.equal(statSync(data).mode & 0o777, 0o700);
});
