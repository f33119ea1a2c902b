import type { FromSchema } from "json-schema-to-ts";
import { CATEGORIES, SEVERITIES } from "@opsconductor/sdk";
import { getAlertWithHistory, MAX_PAGE_SIZE, type AlertFilters } from "../../alerts/queries.ts";
import { ALERT_KINDS, ALERT_STATUSES } from "../../alerts/types.ts";
import { userActor } from "../../audit/log.ts";
import { readBody } from "../body.ts";
import { idParam, readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

const listQuerySchema = {
  type: "object",
  properties: {
    status: { type: "array", items: { type: "string", enum: ALERT_STATUSES } },
    kind: { type: "array", items: { type: "string", enum: ALERT_KINDS } },
    severity: { type: "array", items: { type: "string", enum: SEVERITIES } },
    category: { type: "array", items: { type: "string", enum: CATEGORIES } },
    connector_type: { type: "array", items: { type: "string", minLength: 1, maxLength: 200 } },
    connector_id: { type: "string", minLength: 1, maxLength: 200 },
    /** A device IP or name, exactly (name case-insensitive). */
    device: { type: "string", minLength: 1, maxLength: 200 },
    /** Substring of title, message, device, alert type or resource. */
    text: { type: "string", minLength: 1, maxLength: 200 },
    stale: { type: "boolean" },
    limit: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 },
    cursor: { type: "string", maxLength: 500 },
  },
  additionalProperties: false,
} as const;

const noteSchema = {
  type: "object",
  properties: { note: { type: "string", maxLength: 2000 } },
  additionalProperties: false,
} as const;
type NoteBody = FromSchema<typeof noteSchema>;

export function alertRoutes(s: ApiServices): RouteSpec[] {
  const { db } = s.deps;
  return [
    // A search may scan the whole table: it runs on the store reader's thread.
    route("get", "/alerts", "viewer", async (c) => c.json(await s.reader.query("listAlerts", readQuery<AlertFilters>(c, listQuerySchema)))),

    route("get", "/alerts/:id", "viewer", (c) => c.json(getAlertWithHistory(db, idParam(c, "ALERT_NOT_FOUND")))),

    route("post", "/alerts/:id/acknowledge", "operator", async (c) => {
      const id = idParam(c, "ALERT_NOT_FOUND");
      const { note } = await readBody<NoteBody>(c, noteSchema);
      return c.json(s.deps.alerts.acknowledge(id, userActor(c.get("principal").user.username), note));
    }),

    route("post", "/alerts/:id/unacknowledge", "operator", async (c) => {
      const id = idParam(c, "ALERT_NOT_FOUND");
      await readBody<NoteBody>(c, noteSchema);
      return c.json(s.deps.alerts.unacknowledge(id, userActor(c.get("principal").user.username)));
    }),

    route("post", "/alerts/:id/resolve", "operator", async (c) => {
      const id = idParam(c, "ALERT_NOT_FOUND");
      const { note } = await readBody<NoteBody>(c, noteSchema);
      return c.json(s.deps.alerts.resolve(id, userActor(c.get("principal").user.username), note));
    }),
  ];
}
