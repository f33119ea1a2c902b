// Imported (for its effect) by tests only.
import Database from "better-sqlite3";

/**
 * Test-only workaround: better-sqlite3 12 on Node 24 aborts the process when the GC
 * finalizes a Statement outside a JS context (see alerts/statements.ts). Production
 * code keeps its statements cached; code that still prepares per call (pragma() in
 * openDatabase, the migration bookkeeping, the scheduler's stores) would make test
 * processes abort at random, so here every statement stays reachable until the test
 * process ends. pragma() prepares natively, bypassing prepare(), hence its own wrapper.
 */
const preparedForever: unknown[] = [];
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Database.Database, ...args: Parameters<typeof prepare>) {
  const statement = prepare.apply(this, args);
  preparedForever.push(statement);
  return statement;
} as typeof prepare;
Database.prototype.pragma = function (this: Database.Database, source: string, options: { simple?: boolean } = {}) {
  const statement = this.prepare(`PRAGMA ${source}`);
  if (!statement.reader) return statement.run() && (options.simple ? undefined : []);
  return options.simple ? statement.pluck().get() : statement.all();
} as Database.Database["pragma"];
