import type { Statement } from "better-sqlite3";
import type { Db } from "./database.ts";

/**
 * Prepared statements, one per database and SQL text, so hot paths (ingest, API
 * reads) never re-prepare. Weakly keyed: a closed and dropped database takes its
 * statements with it.
 */
const cache = new WeakMap<Db, Map<string, Statement>>();

export function cachedStatement(db: Db, sql: string): Statement {
  return cached(db, sql, () => db.prepare(sql));
}

/** A statement returning the first column's value only (`.pluck()`). */
export function cachedPluck(db: Db, sql: string): Statement {
  return cached(db, `pluck:${sql}`, () => db.prepare(sql).pluck());
}

function cached(db: Db, key: string, prepare: () => Statement): Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(key);
  if (!statement) {
    statement = prepare();
    statements.set(key, statement);
  }
  return statement;
}
