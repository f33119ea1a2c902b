// Tolerant readers of PRTG table cells: versions differ in whether numbers are JSON numbers or
// strings, and a server may leave `_raw` columns out (reference/protocols.md §1, [U]).

/** A non-empty string (trimmed) or a number as text; anything else undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}

/** A JSON number, or a string holding one ("5", " 12.5 "); anything else undefined. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || !/^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** {@link numberOf}, when it is a whole number. */
export function integerOf(value: unknown): number | undefined {
  const number = numberOf(value);
  return number !== undefined && Number.isInteger(number) ? number : undefined;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The text of PRTG's HTML display cells (`<div class="status">OK<div class="moreicon"></div></div>` → `OK`). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\s+/g, " ")
    .trim();
}

const OLE_EPOCH_DAYS = 25_569; // 1970-01-01 as an OLE automation date (days since 1899-12-30)
const MS_PER_DAY = 86_400_000;

/**
 * An OLE automation date (PRTG's `lastcheck_raw`, `lastdown_raw`: days since 1899-12-30, as a
 * number or a string) as ISO 8601, read as UTC [U]; undefined when absent or out of range.
 */
export function oleDateToIso(value: unknown): string | undefined {
  const days = numberOf(value);
  if (days === undefined || days <= 1 || days > 2_958_465) return undefined;
  return new Date(Math.round((days - OLE_EPOCH_DAYS) * MS_PER_DAY)).toISOString();
}

/** A cell's `_raw` twin if the server sent it, else the display column. */
export function rawOrDisplay(row: Readonly<Record<string, unknown>>, column: string): unknown {
  const raw = row[`${column}_raw`];
  return raw === undefined || raw === "" ? row[column] : raw;
}
