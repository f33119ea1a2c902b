import type { Statement } from "better-sqlite3";
import type { Db } from "../store/database.ts";

/**
 * Prepared statements, one per database and SQL text, kept for the life of the
 * process. Besides saving the prepare on every call, this is a workaround:
 * better-sqlite3 12 built against Node ≥ 24.19 aborts the process
 * (`RemoveEnvironmentCleanupHook: Assertion (env) != nullptr`) when the garbage
 * collector finalizes a Statement outside a JS context, so a Statement must never
 * become garbage. The map is deliberately strong (a WeakMap would let a database
 * and its statements be collected together): a daemon has one database, tests a few.
 */
const cache = new Map<Db, Map<string, Statement>>();

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
