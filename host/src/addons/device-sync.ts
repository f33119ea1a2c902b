import type { Device } from "@opsconductor/sdk";
import type { Db } from "../store/database.ts";

/**
 * Upserts a connector's inventory into `devices` by (connector, external id). An admin's
 * criticality is kept; devices the source no longer lists are left (their history matters).
 */
export function upsertSyncedDevices(db: Db, connectorId: string, devices: readonly Device[], at: string): number {
  const upsert = db.prepare(`INSERT INTO devices (connector_id, external_id, name, ip, type, vendor, model, site, status, attributes_json,
      first_seen_at, last_seen_at) VALUES (@connector_id, @external_id, @name, @ip, @type, @vendor, @model, @site, @status, @attributes_json, @at, @at)
    ON CONFLICT (connector_id, external_id) DO UPDATE SET name = excluded.name, ip = excluded.ip, type = excluded.type,
      vendor = excluded.vendor, model = excluded.model, site = excluded.site, status = excluded.status,
      attributes_json = excluded.attributes_json, last_seen_at = excluded.last_seen_at`);
  db.transaction(() => {
    for (const device of devices) {
      upsert.run({
        connector_id: connectorId, external_id: device.external_id, name: device.name, ip: device.ip ?? null, type: device.type ?? null,
        vendor: device.vendor ?? null, model: device.model ?? null, site: device.site ?? null, status: device.status ?? null,
        attributes_json: JSON.stringify(device.attributes ?? {}), at,
      });
    }
  })();
  return devices.length;
}
