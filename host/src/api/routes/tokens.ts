import type { FromSchema } from "json-schema-to-ts";
import { iso } from "../../util/clock.ts";
import { readBody } from "../body.ts";
import { idParam } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

const createTokenSchema = {
  type: "object",
  required: ["name"],
  properties: {
    name: { type: "string", minLength: 1, maxLength: 100 },
    /** Omitted: the token lives until revoked. */
    expiresInDays: { type: "integer", minimum: 1, maximum: 3650 },
  },
  additionalProperties: false,
} as const;
type CreateTokenBody = FromSchema<typeof createTokenSchema>;

const DAY_MS = 86_400_000;

/** The caller's own API tokens. A token acts with its user's role. */
export function tokenRoutes(s: ApiServices): RouteSpec[] {
  return [
    route("post", "/auth/tokens", "viewer", async (c) => {
      const body = await readBody<CreateTokenBody>(c, createTokenSchema);
      const expiresAt = body.expiresInDays === undefined ? null : iso(s.deps.clock.now() + body.expiresInDays * DAY_MS);
      const { token, record } = s.tokens.create(c.get("principal").user.id, body.name, expiresAt);
      c.set("auditDetails", { name: record.name, prefix: record.prefix });
      // The only response that ever carries the secret.
      return c.json({ ...record, token }, 201);
    }),

    route("get", "/auth/tokens", "viewer", (c) => {
      return c.json({ items: s.tokens.listForUser(c.get("principal").user.id) });
    }),

    route("delete", "/auth/tokens/:id", "viewer", (c) => {
      return c.json(s.tokens.revoke(c.get("principal").user.id, idParam(c, "TOKEN_NOT_FOUND")));
    }),
  ];
}
