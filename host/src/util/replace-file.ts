import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Replaces `file` with `text` in one step: written beside it, then renamed over it, so a reader
 * (or the next start after a crash) finds the old content or the new, never half of either.
 * Its directory is created when missing.
 */
export function replaceFile(file: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, text, { mode });
  renameSync(draft, file);
}
