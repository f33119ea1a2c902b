import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";
import { hostError } from "../errors.ts";
import { randomSecret, sha256Hex } from "./secrets.ts";
import { JOINED_USER_COLUMNS, joinedUser, type JoinedUserRow, type User } from "./users.ts";

/** Tokens start with this, so secret scanners and humans recognise them. */
export const TOKEN_PREFIX = "oct_";

/** The longest lifetime a token may be given, in days (the API and the CLI alike): ten years. */
export const MAX_TOKEN_DAYS = 3650;
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 8;
const TOUCH_EVERY_MS = 60_000;

/** A token as listed: never its secret or hash. */
export interface ApiToken {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const COLUMNS = "id, user_id, name, prefix, created_at, expires_at, last_used_at, revoked_at";

interface TokenAuthRow extends JoinedUserRow {
  id: number;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** API tokens for scripts (`Authorization: Bearer oct_…`), stored as sha256 digests. */
export class ApiTokenStore {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Creates a token; the returned `token` is the only time the secret exists outside the caller. */
  create(userId: number, name: string, expiresAt: string | null = null): { token: string; record: ApiToken } {
    const token = TOKEN_PREFIX + randomSecret();
    const { lastInsertRowid } = cachedStatement(this.#db, "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(userId, name, sha256Hex(token), token.slice(0, SHOWN_PREFIX_LENGTH), iso(this.#clock.now()), expiresAt);
    return { token, record: this.get(Number(lastInsertRowid))! };
  }

  get(id: number): ApiToken | undefined {
    return cachedStatement(this.#db, `SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`).get(id) as ApiToken | undefined;
  }

  listForUser(userId: number): ApiToken[] {
    return cachedStatement(this.#db, `SELECT ${COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY id`).all(userId) as ApiToken[];
  }

  /** Revokes one of the user's tokens (kept, marked revoked, for the audit trail). */
  revoke(userId: number, tokenId: number): ApiToken {
    const token = this.get(tokenId);
    if (!token || token.user_id !== userId) throw hostError("TOKEN_NOT_FOUND", `no API token with id ${tokenId}`);
    if (!token.revoked_at) {
      cachedStatement(this.#db, "UPDATE api_tokens SET revoked_at = ? WHERE id = ?").run(iso(this.#clock.now()), tokenId);
    }
    return this.get(tokenId)!;
  }

  /** The user a bearer token acts for; AUTH_TOKEN_INVALID when unknown, revoked, expired or the user is disabled. */
  authenticate(token: string): { user: User; tokenId: number } {
    const row = cachedStatement(this.#db,
      `SELECT t.id, t.expires_at, t.revoked_at, t.last_used_at, ${JOINED_USER_COLUMNS}
         FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
    ).get(sha256Hex(token)) as TokenAuthRow | undefined;
    const now = this.#clock.now();
    if (!row || row.revoked_at || row.disabled || (row.expires_at && now >= Date.parse(row.expires_at))) {
      throw hostError("AUTH_TOKEN_INVALID", "the API token is unknown, revoked or expired");
    }
    if (!row.last_used_at || now - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS) {
      cachedStatement(this.#db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?").run(iso(now), row.id);
    }
    return { user: joinedUser(row), tokenId: row.id };
  }
}
