// PRTG's /api/table.json through ctx.http: paging, and every failure as a PRTG_* code.
import { OcError, type Ctx, type HttpResponse, type Target } from "@opsconductor/sdk";
import { authOf, type PrtgConfig } from "./config.ts";
import { numberOf, plainText, textOf } from "./values.ts";

/** The codes a target outcome (or testConnection) carries; the host reads AUTH / UNREACHABLE in them. */
export const PrtgCodes = {
  /** 401/403: wrong user name, passhash or API key. */
  AUTH_FAILED: "PRTG_AUTH_FAILED",
  /** No answer: refused, reset, DNS, or the call's time limit. */
  UNREACHABLE: "PRTG_UNREACHABLE",
  /** The certificate was refused: set the target's verify_tls to false for a self-signed one. */
  TLS_FAILED: "PRTG_TLS_FAILED",
  /** An answer that is not the table PRTG sends: not JSON, cut short, no rows array, too large. */
  RESPONSE_INVALID: "PRTG_RESPONSE_INVALID",
  /** Any other HTTP status (400 with PRTG's `<error>` text, 500, ...). */
  HTTP_ERROR: "PRTG_HTTP_ERROR",
  /** The instance lacks the passhash / API key its auth method names. */
  CREDENTIALS_MISSING: "PRTG_CREDENTIALS_MISSING",
  /** Anything else that was thrown without a code. */
  POLL_FAILED: "PRTG_POLL_FAILED",
  /** testConnection of an instance without a PRTG server. */
  NO_TARGET: "PRTG_NO_TARGET",
} as const;

/** PRTG's default page size; the poll pages with it. */
export const PAGE_SIZE = 500;
/** Paging stops with PRTG_RESPONSE_INVALID past this many pages (100,000 rows). */
export const MAX_PAGES = 200;

export type Row = Readonly<Record<string, unknown>>;

export interface TableQuery {
  content: "sensors" | "devices";
  columns: readonly string[];
  /** `filter_status` values (OR); empty: every row. */
  statuses?: readonly number[];
  /** `filter_objid` values (OR; AND with the statuses); empty: every row. */
  objids?: readonly number[];
}

export interface TablePage {
  version: string | undefined;
  /** Rows matching the query in total; undefined when the server sent none we can read. */
  treesize: number | undefined;
  rows: Row[];
}

/**
 * Every row of a table, page by page (`count=500`, `start=0, 500, …`), until a short page or
 * `treesize` rows. Rows repeated across pages (the table moved while paging) are kept once.
 * Throws an OcError with a {@link PrtgCodes} code; any failed page fails the whole table, so
 * a partial list is never taken for the full one. `calls.count` counts the requests made (failed ones too).
 */
export async function fetchTable(ctx: Ctx, target: Target, query: TableQuery, calls = { count: 0 }): Promise<Row[]> {
  const rows: Row[] = [];
  const seen = new Set<string>();
  for (let page = 0, start = 0; ; page++) {
    if (page === MAX_PAGES) throw new OcError(PrtgCodes.RESPONSE_INVALID, `paging did not end after ${MAX_PAGES} pages of ${PAGE_SIZE} ${query.content}`);
    calls.count++;
    const result = await fetchPage(ctx, target, query, start, PAGE_SIZE);
    for (const row of result.rows) {
      const id = textOf(row.objid);
      if (id !== undefined && seen.has(id)) continue;
      if (id !== undefined) seen.add(id);
      rows.push(row);
    }
    start += result.rows.length;
    // A page other than full ends it (a server that ignores `count` sends everything at once).
    if (result.rows.length !== PAGE_SIZE) break;
    if (result.treesize !== undefined && start >= result.treesize) break;
  }
  return rows;
}

/** One page of a table; `timeoutMs` shortens the broker's time limit for it. */
export async function fetchPage(ctx: Ctx, target: Target, query: TableQuery, start: number, count: number, timeoutMs?: number): Promise<TablePage> {
  let response: HttpResponse;
  try {
    response = await ctx.http.request(target.id, {
      path: "/api/table.json",
      query: {
        content: query.content,
        columns: query.columns.join(","),
        start,
        count,
        ...(query.statuses?.length ? { filter_status: [...query.statuses] } : {}),
        ...(query.objids?.length ? { filter_objid: [...query.objids] } : {}),
      },
      auth: authOf(ctx.config as PrtgConfig),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    });
  } catch (error) {
    throw fromCapabilityError(error);
  }
  checkStatus(response);
  return parseTable(response.body, query.content);
}

/** Parses the `{"prtg-version","treesize","<content>":[…]}` envelope. */
export function parseTable(body: string, content: string): TablePage {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    throw new OcError(PrtgCodes.RESPONSE_INVALID, `the answer is not JSON (${body.length} bytes, starting ${JSON.stringify(body.slice(0, 40))})`);
  }
  const list = typeof envelope === "object" && envelope !== null ? (envelope as Record<string, unknown>)[content] : undefined;
  if (!Array.isArray(list)) throw new OcError(PrtgCodes.RESPONSE_INVALID, `the answer has no "${content}" array`);
  // A row that is not an object is a malformed answer, not one row fewer: dropped, it would also end the paging early.
  const odd = list.findIndex((row) => typeof row !== "object" || row === null || Array.isArray(row));
  if (odd >= 0) throw new OcError(PrtgCodes.RESPONSE_INVALID, `row ${odd} of "${content}" is not an object`);
  const fields = envelope as Record<string, unknown>;
  return { version: textOf(fields["prtg-version"]), treesize: numberOf(fields.treesize), rows: list as Row[] };
}

function checkStatus(response: HttpResponse): void {
  const { status } = response;
  if (status >= 200 && status < 300) return;
  if (status === 401 || status === 403) {
    throw new OcError(PrtgCodes.AUTH_FAILED, `PRTG refused the credentials (HTTP ${status}): check the user name and passhash, or the API key`);
  }
  const detail = /<error>([\s\S]*?)<\/error>/i.exec(response.body)?.[1];
  throw new OcError(PrtgCodes.HTTP_ERROR, `PRTG answered HTTP ${status}${detail ? `: ${plainText(detail).slice(0, 200)}` : ""}`);
}

/** A broker failure (it crossed the sandbox as plain data with a `code`) as a PRTG code; others keep theirs. */
export function fromCapabilityError(error: unknown): OcError {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : PrtgCodes.POLL_FAILED;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "BROKER_TIMEOUT":
    case "BROKER_UNREACHABLE":
    case "BROKER_HTTP_FAILED":
      return new OcError(PrtgCodes.UNREACHABLE, `PRTG cannot be reached: ${message}`);
    case "BROKER_TLS_FAILED":
      return new OcError(PrtgCodes.TLS_FAILED, message);
    case "BROKER_RESPONSE_TOO_LARGE":
      return new OcError(PrtgCodes.RESPONSE_INVALID, message);
    case "BROKER_SECRET_UNKNOWN":
      return new OcError(PrtgCodes.CREDENTIALS_MISSING, `${message} (set the passhash, or the API key with auth_method apitoken)`);
    default:
      return error instanceof OcError ? error : new OcError(code, message);
  }
}

/** Error data of anything thrown while talking to PRTG: the target outcome's code and message. */
export function failureOf(error: unknown): { code: string; message: string } {
  const failure = error instanceof OcError && error.code.startsWith("PRTG_") ? error : fromCapabilityError(error);
  return { code: failure.code, message: failure.message };
}
