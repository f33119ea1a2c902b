// Response shapes of the API (DESIGN §6). Where the host exports the type, it is the
// host's own (type-only imports: erased by esbuild and Node, checked by tsc).
import type { AlertEventRecord, AlertRecord } from "../../../host/src/alerts/types.ts";
import type { User } from "../../../host/src/auth/users.ts";
import type { Role } from "../../../host/src/auth/roles.ts";
import type { JobListing, RunRecord } from "../../../host/src/scheduler/types.ts";
import type { DeviceRecord } from "../../../host/src/devices/queries.ts";

export type { AlertEventRecord, AlertRecord, DeviceRecord, JobListing, Role, RunRecord, User };

/** One page of a cursor-paged list; `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LoginResponse {
  user: User;
  csrfToken: string;
  expiresAt: string;
}

export interface MeResponse {
  user: User;
  via: "session" | "token";
  csrfToken: string | null;
}

export interface AlertDetail {
  alert: AlertRecord;
  /** The latest of its events, oldest first. */
  history: AlertEventRecord[];
  /** How many events it has in all (more than `history` holds when the history is long). */
  history_total: number;
}

/** A mapping row: every table has an id and whatever columns its spec lists. */
export interface MappingRow {
  id: number;
  origin?: "seed" | "admin";
  updated_at?: string;
  [column: string]: unknown;
}
