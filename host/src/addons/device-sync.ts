import type { Device } from "@opsconductor/sdk";
import { getDevice, type DeviceRecord } from "../devices/queries.ts";
import { hostError } from "../errors.ts";
import type { Db } from "../store/database.ts";
import { iso, type Clock } from "../util/clock.ts";
import type { ConnectorInstances } from "./instances.ts";

// The devices a connector reports go into `devices` here: a device_sync's inventory, or one device's refresh.

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

export interface DeviceRefreshDeps {
  db: Db;
  clock: Clock;
  instances: Pick<ConnectorInstances, "operate" | "assertStillRunning">;
}

/**
 * Asks the device's connector for that one device (its getDeviceInfo, on the running instance
 * with a fresh call budget) and writes the answer as a device sync would; returns the row.
 * A device the source no longer knows is DEVICE_GONE_AT_SOURCE and stays, as a sync leaves it.
 */
export async function refreshDevice(deps: DeviceRefreshDeps, deviceId: number): Promise<DeviceRecord> {
  const { connector_id: connectorId, external_id: externalId } = getDevice(deps.db, deviceId);
  if (connectorId === null) {
    throw hostError("DEVICE_NO_CONNECTOR", `device ${deviceId} has no connector (it was deleted): there is no source to refresh it from`, { id: deviceId });
  }
  const found = await deps.instances.operate(connectorId, (running) => running.loaded.runtime.getDeviceInfo(running.instanceId, externalId));
  if (found === null) {
    throw hostError("DEVICE_GONE_AT_SOURCE", `connector ${connectorId} no longer knows device ${externalId}; the device is kept`,
      { id: deviceId, connector_id: connectorId, external_id: externalId });
  }
  // Nothing is written for a connector stopped meanwhile, as for pushed alerts: a deleted one has let go
  // of its devices (connector_id NULL), and the upsert would add this one back under it.
  deps.instances.assertStillRunning(connectorId, "the device lookup");
  upsertSyncedDevices(deps.db, connectorId, [found], iso(deps.clock.now()));
  return getDevice(deps.db, deviceId);
}
