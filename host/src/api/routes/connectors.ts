import type { Context } from "hono";
import { userActor } from "../../audit/log.ts";
import { connectorListQuerySchema, createConnectorSchema, updateConnectorSchema, type CreateConnectorBody, type UpdateConnectorBody } from "../../connectors-api/schemas.ts";
import { readBody } from "../body.ts";
import type { ApiEnv } from "../env.ts";
import { readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";
import { platformOf } from "./addon-platform.ts";

/** GET|POST /connectors, GET|PUT|DELETE /connectors/:id, test, poll now, webhook token. Writes are operator. */
export function connectorRoutes(s: ApiServices): RouteSpec[] {
  const connectors = () => platformOf(s).connectors;
  const id = (c: Context<ApiEnv>) => c.req.param("id") ?? "";
  return [
    route("get", "/connectors", "viewer", (c) => c.json({ items: connectors().list(readQuery(c, connectorListQuerySchema)) })),
    route("get", "/connectors/:id", "viewer", (c) => c.json(connectors().get(id(c)))),

    route("post", "/connectors", "operator", async (c) => {
      const { connector, webhook_token } = await connectors().create(await readBody<CreateConnectorBody>(c, createConnectorSchema));
      c.set("auditDetails", { id: connector.id, addon_id: connector.addon_id });
      // The webhook token is in this answer only: it is stored as a hash.
      return c.json(webhook_token ? { ...connector, webhook_token } : connector, 201);
    }),
    route("put", "/connectors/:id", "operator", async (c) => {
      const body = await readBody<UpdateConnectorBody>(c, updateConnectorSchema);
      c.set("auditDetails", { fields: Object.keys(body), config_fields: Object.keys(body.config ?? {}) });
      return c.json(await connectors().update(id(c), body));
    }),
    route("delete", "/connectors/:id", "operator", async (c) => c.json(await connectors().remove(id(c), userActor(c.get("principal").user.username)))),

    route("post", "/connectors/:id/test", "operator", async (c) => c.json(await connectors().test(id(c)))),
    route("post", "/connectors/:id/poll", "operator", async (c) => c.json(await connectors().pollNow(id(c)))),
    route("post", "/connectors/:id/webhook-token", "operator", (c) => c.json(connectors().rotateWebhookToken(id(c)))),
  ];
}
