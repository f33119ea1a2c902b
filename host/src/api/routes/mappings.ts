import type { Context } from "hono";
import { userActor } from "../../audit/log.ts";
import { hostError } from "../../errors.ts";
import { MappingRepository } from "../../mappings/repository.ts";
import { MAPPING_TABLES } from "../../mappings/tables.ts";
import { readBody } from "../body.ts";
import type { ApiEnv } from "../env.ts";
import { idParam, readQuery } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

const listQuerySchema = {
  type: "object",
  properties: { connector_type: { type: "string", minLength: 1, maxLength: 200 } },
  additionalProperties: false,
} as const;

/**
 * The fields GET answers that a write does not set. A PUT replaces the row (a field left out takes
 * its default), so the safe edit is GET, change, PUT back: these may come along, and are ignored
 * (an `id` must be the row's).
 */
const READ_ONLY_FIELDS = { id: { type: "integer" }, origin: { type: "string" }, updated_at: { type: "string" } } as const;

/** PUT's body: the create body, plus the read-only fields of the row as GET answered it. */
function replaceSchemaOf(schema: object): object {
  const { properties } = schema as { properties: object };
  return { ...schema, properties: { ...properties, ...READ_ONLY_FIELDS } };
}

/** GET|POST /mappings/<kind>, GET|PUT|DELETE /mappings/<kind>/:id for each of the five tables. */
export function mappingRoutes(s: ApiServices): RouteSpec[] {
  return MAPPING_TABLES.flatMap((spec) => {
    const repo = new MappingRepository(s.deps.db, s.deps.clock, spec);
    const replaceSchema = replaceSchemaOf(spec.schema);
    const base = `/mappings/${spec.kind}`;
    // Who removed a row, on its tombstone.
    const by = (c: Context<ApiEnv>) => userActor(c.get("principal").user.username);
    const changed = (c: Context<ApiEnv>, row: Record<string, unknown>, status: 200 | 201 = 200) => {
      c.set("auditDetails", { kind: spec.kind, id: row.id, connector_type: row.connector_type });
      s.deps.onMappingsChanged();
      return c.json(row, status);
    };
    return [
      route("get", base, "viewer", (c) => c.json({ items: repo.list(readQuery(c, listQuerySchema)) })),
      route("get", `${base}/:id`, "viewer", (c) => c.json(repo.get(idParam(c, "MAPPING_NOT_FOUND")))),
      route("post", base, "admin", async (c) => changed(c, repo.create(await readBody(c, spec.schema)), 201)),
      route("put", `${base}/:id`, "admin", async (c) => {
        const id = idParam(c, "MAPPING_NOT_FOUND");
        const { id: bodyId, origin: _origin, updated_at: _updatedAt, ...body } = await readBody<Record<string, unknown>>(c, replaceSchema);
        if (bodyId !== undefined && bodyId !== id) {
          throw hostError("VALIDATION_FAILED", `the body's id ${String(bodyId)} is not the row's (${id}): a PUT edits the row its path names`, { id: bodyId });
        }
        return changed(c, repo.replace(id, body, by(c)));
      }),
      route("delete", `${base}/:id`, "admin", (c) => changed(c, repo.delete(idParam(c, "MAPPING_NOT_FOUND"), by(c)))),
    ];
  });
}
