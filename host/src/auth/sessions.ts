import type { Db } from "../store/database.ts";
import { cachedStatement } from "../store/statements.ts";
import type { Clock } from "../util/clock.ts";
import { iso } from "../util/clock.ts";
import { randomSecret, sha256Hex } from "./secrets.ts";
import { JOINED_USER_COLUMNS, joinedUser, type JoinedUserRow, type User } from "./users.ts";

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after login, however active. */
  absoluteMs: number;
  /** last_seen_at is written at most this often, to keep reads from becoming writes. */
  touchEveryMs: number;
}

const HOUR = 3_600_000;
/** Idle 12 h covers an operator's shift with the UI left open; absolute 7 days forces a weekly re-login. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * HOUR, absoluteMs: 7 * 24 * HOUR, touchEveryMs: 60_000 };

export interface SessionInfo {
  id: string;
  csrfToken: string;
  user: User;
  expiresAt: string;
}

export type SessionLookup = { status: "ok"; session: SessionInfo } | { status: "expired" } | { status: "unknown" };

interface SessionRow extends JoinedUserRow {
  id: string;
  csrf_token: string;
  expires_at: string;
  last_seen_at: string;
}

/** Login sessions. The cookie carries a random secret; the table keys rows by its sha256. */
export class SessionStore {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly policy: SessionPolicy;

  constructor(db: Db, clock: Clock, policy: Partial<SessionPolicy> = {}) {
    this.#db = db;
    this.#clock = clock;
    this.policy = { ...DEFAULT_SESSION_POLICY, ...policy };
  }

  /** Starts a session; returns the cookie value (shown once, never stored) and the CSRF token. */
  create(userId: number, ip: string | null): { cookieValue: string; csrfToken: string; expiresAt: string } {
    const now = this.#clock.now();
    this.#purgeExpired(now);
    const cookieValue = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = iso(now + this.policy.absoluteMs);
    cachedStatement(this.#db, "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, last_seen_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .run(sha256Hex(cookieValue), userId, csrfToken, iso(now), expiresAt, iso(now), ip);
    return { cookieValue, csrfToken, expiresAt };
  }

  /** Finds the live session of a cookie, refreshing its idle timer; an expired one is deleted. */
  lookup(cookieValue: string): SessionLookup {
    const id = sha256Hex(cookieValue);
    const row = cachedStatement(this.#db,
      `SELECT s.id, s.csrf_token, s.expires_at, s.last_seen_at, ${JOINED_USER_COLUMNS}
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    ).get(id) as SessionRow | undefined;
    if (!row) return { status: "unknown" };
    const now = this.#clock.now();
    const lastSeen = Date.parse(row.last_seen_at);
    if (row.disabled || now >= Date.parse(row.expires_at) || now - lastSeen >= this.policy.idleMs) {
      cachedStatement(this.#db, "DELETE FROM sessions WHERE id = ?").run(id);
      return { status: "expired" };
    }
    if (now - lastSeen >= this.policy.touchEveryMs) {
      cachedStatement(this.#db, "UPDATE sessions SET last_seen_at = ? WHERE id = ?").run(iso(now), id);
    }
    return { status: "ok", session: { id, csrfToken: row.csrf_token, user: joinedUser(row), expiresAt: row.expires_at } };
  }

  /** Ends a session by its id (the sha256 of the cookie). */
  revoke(sessionId: string): void {
    cachedStatement(this.#db, "DELETE FROM sessions WHERE id = ?").run(sessionId);
  }

  #purgeExpired(now: number): void {
    cachedStatement(this.#db, "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?")
      .run(iso(now), iso(now - this.policy.idleMs));
  }
}
