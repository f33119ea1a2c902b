import type { AuditBudgetPolicy } from "../audit/budget.ts";
import type { AddonPlatform } from "../addons/platform.ts";
import type { AlertSink } from "../alerts/types.ts";
import type { SessionPolicy } from "../auth/sessions.ts";
import type { CheckLimits } from "../auth/check-limit.ts";
import type { ThrottlePolicy } from "../auth/throttle.ts";
import type { Db } from "../store/database.ts";
import type { Clock } from "../util/clock.ts";
import type { StoreReader } from "../store/reader.ts";
import type { AlertFeedOptions } from "./routes/alert-feed.ts";
import type { StreamLimits } from "./routes/alert-stream.ts";

/** The part of the scheduler the API drives ("run this job now") and reports (jobs held by a stuck handler). */
export interface SchedulerControl {
  runNow(key: string): unknown;
  stuckKeys(): readonly string[];
}

export interface ApiOptions {
  session?: Partial<SessionPolicy>;
  throttle?: Partial<ThrottlePolicy>;
  /** Failed logins audited per client address (default: the first 20 an hour; then one row saying the rest are not). */
  failedLoginAudit?: Partial<AuditBudgetPolicy>;
  /** Password checks at once and waiting (defaults 2 and 32): past them a login is AUTH_BUSY. */
  loginChecks?: Partial<CheckLimits>;
  /** Request body cap (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Interval of SSE heartbeat comments (default 15 s), which keep proxies from timing out idle streams. */
  sseHeartbeatMs?: number;
  /** Alert streams open at once, per user and in all (defaults 16 and 512). */
  streams?: Partial<StreamLimits>;
  /** How each SSE client's alert changes are gathered and bounded (AlertFeed; defaults: 100 ms, 1,000 alerts). */
  alertFeed?: Partial<AlertFeedOptions>;
  /** Force the cookie's Secure flag; by default it is set when the request came over https. */
  secureCookies?: boolean;
  /** Believe X-Forwarded-For (only behind a reverse proxy you run). */
  trustProxy?: boolean;
  /** Serve GET /metrics, unauthenticated (config `metrics`, `--metrics`); default off. */
  metrics?: boolean;
  /** Built UI to serve at `/` (index.html for client routes); absent: API only. */
  uiDir?: string;
  /** Where unexpected errors are logged (default stderr). */
  log?: (line: string) => void;
}

/** What `createApi` needs. Everything is injected, so tests build it over an in-memory database. */
export interface ApiDeps {
  db: Db;
  alerts: AlertSink;
  scheduler?: SchedulerControl;
  /** Addons, connectors, webhooks and traps; absent: those routes answer ADDONS_UNAVAILABLE. */
  addons?: AddonPlatform;
  clock: Clock;
  /** Called after every mapping write (the AlertManager drops its cached rules, normalizers get new snapshots). */
  onMappingsChanged: () => void;
  version: string;
  options?: ApiOptions;
  /** Runs the scanning reads (its owner closes it); default: one started here, inline for an in-memory store. */
  reader?: StoreReader;
}
