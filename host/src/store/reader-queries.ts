// The queries the store reader may run off the event loop: read-only, and given their
// connection, so the same function runs inline (an in-memory store) or on the reader thread.
import { listAlerts } from "../alerts/queries.ts";

export const READER_QUERIES = { listAlerts } as const;

export type ReaderQueries = typeof READER_QUERIES;
export type ReaderQueryName = keyof ReaderQueries;
/** A query's arguments after its connection. */
export type ReaderArgs<Name extends ReaderQueryName> = Parameters<ReaderQueries[Name]> extends [unknown, ...infer Rest] ? Rest : never;
export type ReaderResult<Name extends ReaderQueryName> = ReturnType<ReaderQueries[Name]>;
