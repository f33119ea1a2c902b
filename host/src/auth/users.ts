import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";
import { hostError } from "../errors.ts";
import { assertValid } from "@opsconductor/sdk";
import { hashPassword } from "./password.ts";
import type { Role } from "./roles.ts";
import { newPasswordSchema, newUserSchema, type NewUser } from "./schemas.ts";

/** A user as the API shows it: never the password hash. */
export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

interface UserRow extends Omit<User, "disabled"> {
  disabled: number;
  password_hash: string;
}

const COLUMNS = "id, username, role, disabled, created_at, updated_at";

function toUser(row: Omit<UserRow, "password_hash">): User {
  return { id: row.id, username: row.username, role: row.role, disabled: row.disabled === 1, created_at: row.created_at, updated_at: row.updated_at };
}

/** The user columns of a query that joins `users u` (a session's, a token's), as {@link joinedUser} reads them. */
export const JOINED_USER_COLUMNS = "u.id AS user_id, u.username, u.role, u.disabled, u.created_at, u.updated_at";

export interface JoinedUserRow extends Omit<UserRow, "id" | "password_hash"> {
  user_id: number;
}

/** The User of a row selected with {@link JOINED_USER_COLUMNS}. */
export function joinedUser(row: JoinedUserRow): User {
  return toUser({ ...row, id: row.user_id });
}

/** Users and their credentials in the core database. Shared by the API and the CLI. */
export class UserStore {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Validates, hashes the password and inserts. USER_EXISTS when the name (case-insensitive) is taken. */
  async create(input: NewUser): Promise<User> {
    const user = assertValid<NewUser>(newUserSchema, input, "VALIDATION_FAILED", "user");
    const hash = await hashPassword(user.password);
    const now = iso(this.#clock.now());
    try {
      const { lastInsertRowid } = cachedStatement(this.#db, "INSERT INTO users (username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
        .run(user.username, hash, user.role, now, now);
      return this.get(Number(lastInsertRowid))!;
    } catch (error) {
      if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE") {
        throw hostError("USER_EXISTS", `a user named "${user.username}" already exists`);
      }
      throw error;
    }
  }

  list(): User[] {
    return (cachedStatement(this.#db, `SELECT ${COLUMNS} FROM users ORDER BY username`).all() as UserRow[]).map(toUser);
  }

  count(): number {
    return (cachedStatement(this.#db, "SELECT count(*) AS n FROM users").get() as { n: number }).n;
  }

  get(id: number): User | undefined {
    const row = cachedStatement(this.#db, `SELECT ${COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  findByName(username: string): User | undefined {
    const row = cachedStatement(this.#db, `SELECT ${COLUMNS} FROM users WHERE username = ?`).get(username) as UserRow | undefined;
    return row && toUser(row);
  }

  /** The stored hash, for the login check only. */
  credentialsOf(username: string): { user: User; passwordHash: string } | undefined {
    const row = cachedStatement(this.#db, `SELECT ${COLUMNS}, password_hash FROM users WHERE username = ?`).get(username) as UserRow | undefined;
    return row && { user: toUser(row), passwordHash: row.password_hash };
  }

  /**
   * Sets a new password, ends the user's sessions and revokes their API tokens (kept, marked
   * revoked, like any revoked token). A password is changed when the account may be in the wrong
   * hands: a stolen session must die with the old password, and so must any token its thief made.
   */
  async setPassword(username: string, password: string): Promise<{ user: User; revokedTokens: number }> {
    assertValid<string>(newPasswordSchema, password, "VALIDATION_FAILED", "password");
    const user = this.findByName(username);
    if (!user) throw hostError("USER_NOT_FOUND", `no user named "${username}"`);
    const hash = await hashPassword(password);
    const now = iso(this.#clock.now());
    const revokedTokens = this.#db.transaction(() => {
      cachedStatement(this.#db, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?").run(hash, now, user.id);
      cachedStatement(this.#db, "DELETE FROM sessions WHERE user_id = ?").run(user.id);
      return cachedStatement(this.#db, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL").run(now, user.id).changes;
    })();
    return { user: this.get(user.id)!, revokedTokens };
  }

  /** Deletes a user (sessions and tokens cascade). The last admin cannot be deleted: nobody could manage users again. */
  delete(id: number): User {
    return this.#db.transaction(() => {
      const user = this.get(id);
      if (!user) throw hostError("USER_NOT_FOUND", `no user with id ${id}`);
      if (user.role === "admin" && this.#activeAdmins() <= 1) {
        throw hostError("CONFLICT", `"${user.username}" is the last admin and cannot be deleted`);
      }
      cachedStatement(this.#db, "DELETE FROM users WHERE id = ?").run(id);
      return user;
    })();
  }

  #activeAdmins(): number {
    return (cachedStatement(this.#db, "SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }
}
