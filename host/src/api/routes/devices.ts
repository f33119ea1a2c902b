import type { FromSchema } from "json-schema-to-ts";
import { refreshDevice } from "../../addons/device-sync.ts";
import { CRITICALITIES, getDevice, listDevices, setDeviceCriticality, type DeviceFilters } from "../../devices/queries.ts";
import { readBody } from "../body.ts";
import { idParam, pagingQueryProperties, readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";
import { platformOf } from "./addon-platform.ts";

const text = { type: "string", minLength: 1, maxLength: 200 } as const;
const listQuerySchema = {
  type: "object",
  properties: {
    connector_id: text, type: text, vendor: text, site: text, status: text, text,
    criticality: { type: "array", items: { type: "string", enum: CRITICALITIES } },
    ...pagingQueryProperties,
  },
  additionalProperties: false,
} as const;

const updateDeviceSchema = {
  type: "object",
  required: ["criticality"],
  properties: { criticality: { type: "string", enum: CRITICALITIES } },
  additionalProperties: false,
} as const;
type UpdateDeviceBody = FromSchema<typeof updateDeviceSchema>;

export function deviceRoutes(s: ApiServices): RouteSpec[] {
  const { db } = s.deps;
  return [
    route("get", "/devices", "viewer", (c) => c.json(listDevices(db, readQuery<DeviceFilters>(c, listQuerySchema)))),
    route("get", "/devices/:id", "viewer", (c) => c.json(getDevice(db, idParam(c, "DEVICE_NOT_FOUND")))),
    route("put", "/devices/:id", "operator", async (c) => {
      const id = idParam(c, "DEVICE_NOT_FOUND");
      const body = await readBody<UpdateDeviceBody>(c, updateDeviceSchema);
      c.set("auditDetails", { criticality: body.criticality });
      return c.json(setDeviceCriticality(db, id, body.criticality));
    }),
    // A connector action on one device, hence operator, like POST /connectors/:id/test.
    route("post", "/devices/:id/refresh", "operator", async (c) => {
      const device = await refreshDevice({ db, clock: s.deps.clock, instances: platformOf(s).instances }, idParam(c, "DEVICE_NOT_FOUND"));
      c.set("auditDetails", { connector_id: device.connector_id, external_id: device.external_id });
      return c.json(device);
    }),
  ];
}
