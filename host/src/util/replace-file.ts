import { renameSync, writeFileSync } from "node:fs";

/**
 * Replaces `file` with `text` in one step: written beside it, then renamed over it, so a reader
 * (or the next start after a crash) finds the old content or the new, never half of either.
 */
export function replaceFile(file: string, text: string, mode = 0o644): void {
  const draft = `${file}.${process.pid}.tmp`;
  writeFileSync(draft, text, { mode });
  renameSync(draft, file);
}
