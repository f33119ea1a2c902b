import { roleAtLeast } from "../../../host/src/auth/roles.ts";
import type { User } from "../api/types.ts";

export { roleAtLeast };

/** Acknowledge, resolve, run jobs, set device criticality (DESIGN §6: operator and up). */
export function canOperate(user: Pick<User, "role">): boolean {
  return roleAtLeast(user.role, "operator");
}

/** Edit mappings (admin only). */
export function canAdmin(user: Pick<User, "role">): boolean {
  return roleAtLeast(user.role, "admin");
}
