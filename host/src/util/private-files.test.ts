import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createPrivateFile, makePrivateDir, restrictToOwner } from "./private-files.ts";
import { underUmask022 } from "./testing.ts";

const modeOf = (path: string) => statSync(path).mode & 0o777;

test("makePrivateDir creates the directory 0700, its parents as the umask says, and leaves an existing one alone", (t) => {
  const root = underUmask022(t);
  makePrivateDir(join(root, "srv", "data"));
  assert.equal(modeOf(join(root, "srv", "data")), 0o700);
  assert.equal(modeOf(join(root, "srv")), 0o755);
  mkdirSync(join(root, "shared"), { mode: 0o750 });
  makePrivateDir(join(root, "shared"));
  assert.equal(modeOf(join(root, "shared")), 0o750, "the owner's choice stands");
});

test("createPrivateFile makes a missing file 0600 and never touches an existing one's content", (t) => {
  const root = underUmask022(t);
  createPrivateFile(join(root, "new.db"));
  assert.equal(modeOf(join(root, "new.db")), 0o600);
  writeFileSync(join(root, "old.db"), "data");
  createPrivateFile(join(root, "old.db"));
  assert.equal(statSync(join(root, "old.db")).size, 4);
  createPrivateFile(join(root, "missing-dir", "x.db")); // the open that follows reports it
});

test("restrictToOwner takes group and other access from the files that exist", (t) => {
  const root = underUmask022(t);
  writeFileSync(join(root, "a"), "");
  writeFileSync(join(root, "b"), "");
  chmodSync(join(root, "b"), 0o640);
  restrictToOwner(join(root, "a"), join(root, "b"), join(root, "absent"));
  assert.equal(modeOf(join(root, "a")), 0o600);
  assert.equal(modeOf(join(root, "b")), 0o600);
});
