import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";
import { hostError } from "../errors.ts";
import type { MappingTable, Row } from "./tables.ts";
import { clearTombstone, recordTombstone } from "./tombstones.ts";

/**
 * CRUD over one mapping table for admins: every write marks the row origin='admin',
 * so an addon upgrade re-seeding its defaults never overwrites it. A deleted row (of any
 * origin) leaves a tombstone of its key, so the seed does not re-create it either; creating
 * a row with that key again removes the tombstone.
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
    const id = this.#write(columns, () => this.#db.transaction(() => {
      const inserted = cachedStatement(this.#db, `INSERT INTO ${this.#spec.table} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
        .run(...Object.values(columns)).lastInsertRowid;
      clearTombstone(this.#db, this.#spec, columns);
      return inserted;
    })());
    return this.get(Number(id));
  }

  /**
   * Replaces every field of row `id` (PUT semantics). A change of connector type or key removes
   * the old key as a deletion would (tombstoned, attributed to `by`) and re-creates the new one.
   */
  replace(id: number, body: unknown, by: string | null = null): Record<string, unknown> {
    const old = this.#row(id);
    const columns = this.#columns(body);
    // Moving a protected row to another key would delete it by another name.
    if (this.#spec.isProtected?.(old) && !this.#spec.isProtected({ ...old, ...columns })) {
      throw hostError("CONFLICT", `${this.#spec.kind} mapping ${id} is the default rule; its other fields may change, not what makes it the default`);
    }
    const assignments = Object.keys(columns).map((name) => `${name} = ?`).join(", ");
    this.#write(columns, () => this.#db.transaction(() => {
      cachedStatement(this.#db, `UPDATE ${this.#spec.table} SET ${assignments} WHERE id = ?`).run(...Object.values(columns), id);
      if (old.connector_type !== columns.connector_type || this.#spec.naturalKey(old) !== this.#spec.naturalKey(columns)) {
        recordTombstone(this.#db, this.#spec, old, by, String(columns.updated_at));
      }
      clearTombstone(this.#db, this.#spec, columns);
    })());
    return this.get(id);
  }

  /** Deletes row `id` and tombstones its key, so an addon's seed does not bring it back. `by`: who, for the tombstone. */
  delete(id: number, by: string | null = null): Record<string, unknown> {
    const row = this.#row(id);
    if (this.#spec.isProtected?.(row)) {
      throw hostError("CONFLICT", `${this.#spec.kind} mapping ${id} is the default rule; edit it instead of deleting it`);
    }
    this.#db.transaction(() => {
      cachedStatement(this.#db, `DELETE FROM ${this.#spec.table} WHERE id = ?`).run(id);
      recordTombstone(this.#db, this.#spec, row, by, iso(this.#clock.now()));
    })();
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

  /** Runs a write of `columns`; a key another row holds is MAPPING_EXISTS naming that row, so the admin can edit it instead. */
  #write<T>(columns: Row, statement: () => T): T {
    try {
      return statement();
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
        const key = this.#spec.naturalKey(columns);
        const holder = (cachedStatement(this.#db, `SELECT * FROM ${this.#spec.table} WHERE connector_type = ?`).all(columns.connector_type) as Row[])
          .find((row) => this.#spec.naturalKey(row) === key);
        throw hostError("MAPPING_EXISTS", `a ${this.#spec.kind} mapping with the same key already exists${holder ? ` (id ${String(holder.id)})` : ""}`,
          holder ? { id: holder.id } : undefined);
      }
      throw error;
    }
  }
}
