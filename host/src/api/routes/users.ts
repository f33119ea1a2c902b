import { newUserSchema, type NewUser } from "../../auth/schemas.ts";
import { readBody } from "../body.ts";
import { idParam } from "../query.ts";
import { route, type RouteSpec } from "../routing.ts";
import type { ApiServices } from "../services.ts";

export function userRoutes(s: ApiServices): RouteSpec[] {
  return [
    route("get", "/users", "admin", (c) => c.json({ items: s.users.list() })),

    route("post", "/users", "admin", async (c) => {
      const user = await s.users.create(await readBody<NewUser>(c, newUserSchema));
      c.set("auditDetails", { username: user.username, role: user.role });
      return c.json(user, 201);
    }),

    route("delete", "/users/:id", "admin", (c) => {
      const user = s.users.delete(idParam(c, "USER_NOT_FOUND"));
      c.set("auditDetails", { username: user.username });
      return c.json(user);
    }),
  ];
}
