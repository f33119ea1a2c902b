import type { HttpBindings } from "@hono/node-server";
import type { User } from "../auth/users.ts";

/** Who is calling, and how they proved it. */
export interface Principal {
  user: User;
  via: "session" | "token";
  /** sha256 id of the session, when `via` is "session". */
  sessionId?: string;
  csrfToken?: string;
  tokenId?: number;
}

/** Hono environment of the API: the node-server bindings (absent under `app.request` in tests) and per-request variables. */
export type ApiEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    principal: Principal;
    /** Extra fields a handler adds to the audit row of its mutation. */
    auditDetails: Record<string, unknown>;
    /** Overrides the audit actor (login, where nobody is authenticated yet). */
    auditActor: string;
  };
};
