import { hostError } from "../errors.ts";

/** One page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursors are opaque to clients: base64url of a small JSON object holding the
 * sort key of the last item served (keyset paging — stable while rows are added,
 * unlike offsets). `v` lets the format change without misreading old cursors;
 * the alerts list (alerts/queries.ts) uses the same shape.
 */
const CURSOR_VERSION = 1;

export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ v: CURSOR_VERSION, ...position })).toString("base64url");
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null && (value as { v?: unknown }).v === CURSOR_VERSION) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through
  }
  throw hostError("CURSOR_INVALID", "the cursor is not one this API issued");
}

/** Cursor of a list ordered by descending integer id. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const { id } = decodeCursor(cursor);
  if (typeof id !== "number" || !Number.isSafeInteger(id)) throw hostError("CURSOR_INVALID", "the cursor is not one this API issued");
  return id;
}
