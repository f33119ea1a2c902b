// Test support for the tests of file modes: a temp directory under a known umask.
// Imported by tests only.
import type { TestContext } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temp dir, under the usual umask 022 (what made the data directory world-readable) until the test ends. */
export function underUmask022(t: TestContext): string {
  const previous = process.umask(0o022);
  const dir = mkdtempSync(join(tmpdir(), "oc-modes-"));
  t.after(() => {
    process.umask(previous);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}
