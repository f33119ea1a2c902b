import { hostError } from "../errors.ts";
import { burnPasswordCheck, verifyPassword } from "./password.ts";
import type { SessionStore } from "./sessions.ts";
import { CheckLimiter } from "./check-limit.ts";
import type { LoginThrottle } from "./throttle.ts";
import type { User, UserStore } from "./users.ts";

export interface LoginResult {
  user: User;
  cookieValue: string;
  csrfToken: string;
  expiresAt: string;
}

/** Heard once per lockout: the first attempt refused while a username+address, or an address, is locked out. */
export type LockoutListener = (refused: { username: string; ip: string; retryAfterSeconds: number; scope: "username" | "address" }) => void;

/** Username + password → a new session, behind the login throttle. */
export class LoginService {
  readonly #users: UserStore;
  readonly #sessions: SessionStore;
  readonly #throttle: LoginThrottle;
  readonly #onLockedOut: LockoutListener;
  readonly #checks: CheckLimiter;

  constructor(users: UserStore, sessions: SessionStore, throttle: LoginThrottle, onLockedOut: LockoutListener = () => {},
    checks: CheckLimiter = new CheckLimiter()) {
    this.#users = users;
    this.#sessions = sessions;
    this.#throttle = throttle;
    this.#onLockedOut = onLockedOut;
    this.#checks = checks;
  }

  /** A session, or AUTH_THROTTLED (locked out: no password is checked), AUTH_BUSY (too many checks at once), AUTH_INVALID_CREDENTIALS. */
  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const refused = this.#throttle.refuse(username, ip);
    if (refused.retryAfterMs > 0) {
      const retryAfterSeconds = Math.ceil(refused.retryAfterMs / 1000);
      if (refused.first) this.#onLockedOut({ username, ip, retryAfterSeconds, scope: refused.scope });
      throw hostError("AUTH_THROTTLED", `too many failed logins; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    const turn = await this.#checks.turn();
    let ok: boolean;
    let found: ReturnType<UserStore["credentialsOf"]>;
    try {
      // Counted before the (slow) hash check, so parallel guesses cannot all slip in before the lock.
      this.#throttle.recordFailure(username, ip);
      found = this.#users.credentialsOf(username);
      ok = found ? await verifyPassword(password, found.passwordHash) : await burnPasswordCheck(password);
    } finally {
      turn.done();
    }
    if (!ok || !found || found.user.disabled) {
      throw hostError("AUTH_INVALID_CREDENTIALS", "unknown user or wrong password");
    }
    this.#throttle.recordSuccess(username, ip);
    return { user: found.user, ...this.#sessions.create(found.user.id, ip) };
  }
}
