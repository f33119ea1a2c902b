import { userActor } from "../../audit/log.ts";
import { configSchemaInfo } from "../../connectors-api/config-schema.ts";
import { readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";
import { platformOf } from "./addon-platform.ts";
import { readUploadedZip } from "./addon-upload.ts";

const installQuerySchema = {
  type: "object",
  properties: { force: { type: "string", enum: ["1", "true", "0", "false"] } },
  additionalProperties: false,
} as const;
const uninstallQuerySchema = {
  type: "object",
  properties: { connectors: { type: "string", enum: ["keep", "remove"], default: "keep" } },
  additionalProperties: false,
} as const;

/** GET /addons, install, enable, disable, rollback, uninstall, config-schema (DESIGN §6). Writes are admin. */
export function addonRoutes(s: ApiServices): RouteSpec[] {
  const manager = () => platformOf(s).manager;
  const id = (c: { req: { param(name: string): string | undefined } }) => c.req.param("id") ?? "";
  return [
    route("get", "/addons", "viewer", (c) => c.json({ items: manager().list(), dev: platformOf(s).dev })),
    route("get", "/addons/:id", "viewer", (c) => c.json(manager().get(id(c)))),

    route("post", "/addons/install", "admin", async (c) => {
      const { force } = readQuery<{ force?: string }>(c, installQuerySchema);
      const outcome = await manager().install(await readUploadedZip(c), { force: force === "1" || force === "true" });
      c.set("auditDetails", { id: outcome.addon.id, version: outcome.addon.version, replaced: outcome.replaced });
      return c.json(outcome, outcome.replaced ? 200 : 201);
    }),
    route("post", "/addons/:id/enable", "admin", async (c) => c.json(await manager().enable(id(c)))),
    route("post", "/addons/:id/disable", "admin", async (c) => c.json(await manager().disable(id(c)))),
    route("post", "/addons/:id/rollback", "admin", async (c) => c.json(await manager().rollback(id(c)))),
    route("delete", "/addons/:id", "admin", async (c) => {
      const { connectors } = readQuery<{ connectors: "keep" | "remove" }>(c, uninstallQuerySchema);
      return c.json(await manager().uninstall(id(c), connectors, userActor(c.get("principal").user.username)));
    }),

    route("get", "/addons/:id/config-schema", "viewer", (c) => {
      const manifest = manager().manifest(id(c));
      const info = configSchemaInfo(manifest);
      return c.json({
        id: manifest.id, version: manifest.version, config_schema: manifest.config_schema, defaults: manifest.defaults,
        sensitive: info.sensitive, targets_field: info.targets ?? null, poll_interval_field: info.pollInterval ?? null,
        capabilities: manifest.capabilities,
      });
    }),
  ];
}
