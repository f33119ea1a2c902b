import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replaceAll } from "./replace-files.ts";

test("replaceAll moves every prepared file onto its target, and leaves nothing aside", () => {
  const dir = mkdtempSync(join(tmpdir(), "oc-replace-"));
  for (const name of ["a", "b", "a.new", "c.new"]) writeFileSync(join(dir, name), name);
  replaceAll([[join(dir, "a.new"), join(dir, "a")], [join(dir, "c.new"), join(dir, "c")]]);
  assert.deepEqual(readdirSync(dir).sort(), ["a", "b", "c"]);
  assert.deepEqual([readFileSync(join(dir, "a"), "utf8"), readFileSync(join(dir, "c"), "utf8")], ["a.new", "c.new"]);
});

test("when a later move fails, what was moved in is removed and every target is put back as it was", () => {
  const dir = mkdtempSync(join(tmpdir(), "oc-replace-"));
  writeFileSync(join(dir, "key"), "old key");
  writeFileSync(join(dir, "pub"), "old pub");
  writeFileSync(join(dir, "key.new"), "new key");
  // The second move fails (its prepared file is gone) after the first has moved the new key in.
  assert.throws(() => replaceAll([[join(dir, "key.new"), join(dir, "key")], [join(dir, "pub.new"), join(dir, "pub")]]), { code: "ENOENT" });
  assert.deepEqual([readFileSync(join(dir, "key"), "utf8"), readFileSync(join(dir, "pub"), "utf8")], ["old key", "old pub"], "the old pair, whole");
  assert.deepEqual(readdirSync(dir).sort(), ["key", "pub"], "the new key removed, nothing left aside");
});
