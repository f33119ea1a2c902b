import { AuditBudget } from "../audit/budget.ts";
import { writeAudit } from "../audit/log.ts";
import { startReader, type StoreReader } from "../store/reader.ts";
import { CheckLimiter } from "../auth/check-limit.ts";
import { LoginService } from "../auth/login.ts";
import { SessionStore } from "../auth/sessions.ts";
import { LoginThrottle } from "../auth/throttle.ts";
import { ApiTokenStore } from "../auth/tokens.ts";
import { UserStore } from "../auth/users.ts";
import type { ApiDeps } from "./deps.ts";

/** Shared by the route modules: the injected deps plus the auth stores built over the same database. */
export interface ApiServices {
  deps: ApiDeps;
  users: UserStore;
  sessions: SessionStore;
  tokens: ApiTokenStore;
  login: LoginService;
  /** Failed-login audit rows per client address (see AuditBudget). */
  failedLoginAudit: AuditBudget;
  /** Scanning reads (alert searches), off the event loop for a store on disk. */
  reader: StoreReader;
  trustProxy: boolean;
  log: (line: string) => void;
}

export function createServices(deps: ApiDeps): ApiServices {
  const options = deps.options ?? {};
  const users = new UserStore(deps.db, deps.clock);
  const sessions = new SessionStore(deps.db, deps.clock, options.session);
  const tokens = new ApiTokenStore(deps.db, deps.clock);
  // A locked-out guesser's refusals are recorded once per lockout, not once per request.
  const login = new LoginService(users, sessions, new LoginThrottle(deps.clock, options.throttle), ({ username, ip, retryAfterSeconds, scope }) =>
    writeAudit(deps.db, deps.clock, { actor: username, action: "auth.login.throttled", ip, details: { retry_after_s: retryAfterSeconds, scope } }),
  new CheckLimiter(options.loginChecks));
  return {
    deps, users, sessions, tokens, login,
    failedLoginAudit: new AuditBudget(deps.clock, options.failedLoginAudit),
    reader: deps.reader ?? startReader(deps.db, { log: options.log }),
    trustProxy: options.trustProxy ?? false,
    log: options.log ?? ((line) => console.error(line)),
  };
}
