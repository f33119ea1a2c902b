import type { Statement } from "better-sqlite3";
import type { Level } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";
import { cachedPluck, cachedStatement } from "../store/statements.ts";

export interface DeviceRow {
  name: string;
  criticality: Level;
}

export interface DeviceInventoryOptions {
  /** An inventory of at most this many devices is held whole (default 100,000). */
  wholeMax?: number;
}

const WHOLE_MAX = 100_000;
// A bigger inventory's answers kept between batches; past this the cache starts over.
const PARTIAL_MAX = 100_000;
// Several inventories may know one IP: the most critical record decides the impact.
const MOST_CRITICAL_FIRST = "ORDER BY CASE criticality WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id";

/**
 * Each IP's inventory record (name, criticality) for priority decisions, kept in memory
 * between batches until the devices table changes (its version in `store_versions`,
 * bumped by triggers). An inventory of up to `wholeMax` devices is loaded whole, so a
 * batch of IPs it does not know costs no query at all (new devices are when ingest is
 * busiest: a first poll); a bigger one is read by the IPs a batch needs, and the answers
 * (absences too) are kept.
 */
export class DeviceInventory {
  readonly #wholeMax: number;
  readonly #version: Statement;
  readonly #count: Statement;
  readonly #all: Statement;
  readonly #byIps: Statement;
  /** IP → its record; null: known to be absent. */
  readonly #known = new Map<string, DeviceRow | null>();
  /** `#known` holds the whole inventory: an IP it lacks is in none. */
  #whole = false;
  #loadedAt = -1;

  constructor(db: Db, options: DeviceInventoryOptions = {}) {
    this.#wholeMax = options.wholeMax ?? WHOLE_MAX;
    this.#version = cachedPluck(db, "SELECT version FROM store_versions WHERE name = 'devices'");
    this.#count = cachedPluck(db, "SELECT count(*) FROM devices WHERE ip IS NOT NULL");
    this.#all = cachedStatement(db, `SELECT ip, name, criticality FROM devices WHERE ip IS NOT NULL ${MOST_CRITICAL_FIRST}`);
    this.#byIps = cachedStatement(db,
      `SELECT ip, name, criticality FROM devices WHERE ip IN (SELECT value FROM json_each(?)) ${MOST_CRITICAL_FIRST}`);
  }

  /** The inventory record of each of these IPs that has one. */
  byIp(ips: readonly string[]): Map<string, DeviceRow> {
    const devices = new Map<string, DeviceRow>();
    if (ips.length === 0) return devices;
    this.#refresh();
    const missing: string[] = [];
    for (const ip of ips) {
      const known = this.#known.get(ip);
      if (known) devices.set(ip, known);
      else if (known === undefined && !this.#whole) missing.push(ip);
    }
    if (missing.length === 0) return devices;
    this.#keepFirst(this.#byIps.iterate(JSON.stringify(missing)) as Iterable<DeviceRow & { ip: string }>, devices);
    for (const ip of missing) if (!this.#known.has(ip)) this.#known.set(ip, null);
    return devices;
  }

  #refresh(): void {
    const version = this.#version.get() as number;
    if (version === this.#loadedAt && (this.#whole || this.#known.size <= PARTIAL_MAX)) return;
    this.#known.clear();
    this.#loadedAt = version;
    this.#whole = (this.#count.get() as number) <= this.#wholeMax;
    if (this.#whole) this.#keepFirst(this.#all.iterate() as Iterable<DeviceRow & { ip: string }>);
  }

  /** Keeps each IP's first row (rows come most critical first), also into `into`. */
  #keepFirst(rows: Iterable<DeviceRow & { ip: string }>, into?: Map<string, DeviceRow>): void {
    for (const { ip, name, criticality } of rows) {
      if (this.#known.get(ip)) continue;
      const record = { name, criticality };
      this.#known.set(ip, record);
      into?.set(ip, record);
    }
  }
}
