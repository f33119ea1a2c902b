/** The UI's pages; the hash is `#/<page>[/<sub>][?query]`. */
export const PAGES = ["alerts", "mappings", "scheduler", "devices", "connectors", "addons"] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  /** Second path segment: the mapping table on the mappings page. */
  sub: string | null;
  params: URLSearchParams;
}

/** Parses `location.hash`; anything unknown is the alerts page (the main screen). */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, "").replace(/^\/+/, "");
  const q = body.indexOf("?");
  const path = q === -1 ? body : body.slice(0, q);
  const params = new URLSearchParams(q === -1 ? "" : body.slice(q + 1));
  const [first = "", second] = path.split("/").filter((part) => part !== "").map((part) => decodeURIComponent(part));
  const page = (PAGES as readonly string[]).includes(first) ? (first as Page) : "alerts";
  return { page, sub: page === first ? (second ?? null) : null, params };
}

/** The inverse of {@link parseHash}; empty params are left out. */
export function buildHash(page: Page, sub: string | null = null, params?: URLSearchParams | Record<string, string>): string {
  const search = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams(params ?? {});
  for (const [name, value] of [...search.entries()]) if (value === "") search.delete(name);
  const query = search.toString();
  return `#/${page}${sub ? `/${encodeURIComponent(sub)}` : ""}${query ? `?${query}` : ""}`;
}
