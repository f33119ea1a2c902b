import assert from "node:assert/strict";
import { statfs } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { diskFreeBytes } from "./backup-space.ts";

// The refusal itself is tested through backupDatabase (backup.test.ts), with an injected probe.
test("the default free-space probe reads the real filesystem with statfs", async () => {
  const free = await diskFreeBytes(tmpdir());
  const { blocks, bsize } = await statfs(tmpdir());
  assert.ok(Number.isSafeInteger(free) && free > 0, `free bytes in ${tmpdir()}: ${free}`);
  assert.ok(free <= blocks * bsize, "no more than the filesystem's size");
  await assert.rejects(diskFreeBytes(join(tmpdir(), "oc-no-such-directory")), { code: "ENOENT" });
});
