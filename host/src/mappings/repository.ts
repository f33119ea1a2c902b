import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";
import { hostError } from "../errors.ts";
import type { MappingTable, Row } from "./tables.ts";

/**
 * CRUD over one mapping table for admins: every write marks the row origin='admin',
 * so an addon upgrade re-seeding its defaults never overwrites it.
 * Column names come from the table descriptors, never from requests.
 */
export class MappingRepository {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #spec: MappingTable;

  constructor(db: Db, clock: Clock, spec: MappingTable) {
    this.#db = db;
    this.#clock = clock;
    this.#spec = spec;
  }

  list(filter: { connector_type?: string } = {}): Record<string, unknown>[] {
    const { table, orderBy } = this.#spec;
    const rows = filter.connector_type === undefined
      ? cachedStatement(this.#db, `SELECT * FROM ${table} ORDER BY ${orderBy}, id`).all()
      : cachedStatement(this.#db, `SELECT * FROM ${table} WHERE connector_type = ? ORDER BY ${orderBy}, id`).all(filter.connector_type);
    return (rows as Row[]).map((row) => this.#spec.fromRow(row));
  }

  get(id: number): Record<string, unknown> {
    return this.#spec.fromRow(this.#row(id));
  }

  create(body: unknown): Record<string, unknown> {
    const columns = this.#columns(body);
    const names = Object.keys(columns);
    const id = this.#write(() => cachedStatement(this.#db, `INSERT INTO ${this.#spec.table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
      .run(...Object.values(columns)).lastInsertRowid);
    return this.get(Number(id));
  }

  /** Replaces every field of row `id` (PUT semantics). */
  replace(id: number, body: unknown): Record<string, unknown> {
    this.#row(id);
    const columns = this.#columns(body);
    const assignments = Object.keys(columns).map((name) => `${name} = ?`).join(", ");
    this.#write(() => cachedStatement(this.#db, `UPDATE ${this.#spec.table} SET ${assignments} WHERE id = ?`).run(...Object.values(columns), id));
    return this.get(id);
  }

  delete(id: number): Record<string, unknown> {
    const row = this.#row(id);
    if (this.#spec.isProtected?.(row)) {
      throw hostError("CONFLICT", `${this.#spec.kind} mapping ${id} is the default rule; edit it instead of deleting it`);
    }
    cachedStatement(this.#db, `DELETE FROM ${this.#spec.table} WHERE id = ?`).run(id);
    return this.#spec.fromRow(row);
  }

  #columns(body: unknown): Row {
    return { ...this.#spec.toColumns(body as never), origin: "admin", updated_at: iso(this.#clock.now()) };
  }

  #row(id: number): Row {
    const row = cachedStatement(this.#db, `SELECT * FROM ${this.#spec.table} WHERE id = ?`).get(id) as Row | undefined;
    if (!row) throw hostError("MAPPING_NOT_FOUND", `no ${this.#spec.kind} mapping with id ${id}`);
    return row;
  }

  #write<T>(statement: () => T): T {
    try {
      return statement();
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
        throw hostError("MAPPING_EXISTS", `a ${this.#spec.kind} mapping with the same key already exists`);
      }
      throw error;
    }
  }
}
