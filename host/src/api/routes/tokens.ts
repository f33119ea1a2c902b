import type { FromSchema } from "json-schema-to-ts";
import { MAX_TOKEN_DAYS } from "../../auth/tokens.ts";
import { hostError } from "../../errors.ts";
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
    expiresInDays: { type: "integer", minimum: 1, maximum: MAX_TOKEN_DAYS },
  },
  additionalProperties: false,
} as const;
type CreateTokenBody = FromSchema<typeof createTokenSchema>;

const DAY_MS = 86_400_000;

/**
 * A token minted by a token-authenticated caller expires no later than the token it was minted
 * with: otherwise a leaked 1-day token would buy its finder a token that never expires. Scripts
 * may still rotate their own token this way; a longer lifetime takes a login (or the CLI).
 * A later expiry is cut to the creator's (the answer's expires_at shows it); no expiry at all is
 * refused (TOKEN_OUTLIVES_CREATOR), as a script asking for a token for ever should hear that it
 * will not get one rather than find out when it stops working.
 */
function boundByCreator(requested: string | null, creator: string | null): string | null {
  if (creator === null) return requested;
  if (requested === null) {
    throw hostError("TOKEN_OUTLIVES_CREATOR", `a token made with an API token must expire, no later than it does (${creator}); log in to make one that does not`);
  }
  return Date.parse(requested) > Date.parse(creator) ? creator : requested;
}

/** The caller's own API tokens. A token acts with its user's role. */
export function tokenRoutes(s: ApiServices): RouteSpec[] {
  return [
    route("post", "/auth/tokens", "viewer", async (c) => {
      const body = await readBody<CreateTokenBody>(c, createTokenSchema);
      const principal = c.get("principal");
      const requested = body.expiresInDays === undefined ? null : iso(s.deps.clock.now() + body.expiresInDays * DAY_MS);
      const creator = principal.via === "token" ? s.tokens.get(principal.tokenId!)?.expires_at ?? null : null;
      const expiresAt = boundByCreator(requested, creator);
      const { token, record } = s.tokens.create(principal.user.id, body.name, expiresAt);
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
