import type { Ctx, HttpRequest, HttpResponse, Logger, Target } from "@opsconductor/sdk";
import type { Dispatcher } from "undici";
import { hostError } from "../../errors.ts";
import { sanitizeError } from "../core/broker-error.ts";
import type { CallGate } from "../core/call-gate.ts";
import type { FieldResolver } from "../core/field-refs.ts";
import { checkEncodedSize } from "../core/json-size.ts";
import type { Redactor } from "../core/redactor.ts";
import type { StatsRecorder } from "../core/stats.ts";
import type { TargetRegistry } from "../core/targets.ts";
import { planAuth, type ResolvedAuth } from "./auth-plan.ts";
import { authenticatedExchange, type ExchangeLimits } from "./authenticated-exchange.ts";
import { DigestSession } from "./digest.ts";
import type { OutgoingRequest, RawResponse } from "./exchange.ts";
import type { HttpEndpoint } from "./http-endpoint.ts";
import { isRedirect, MAX_REDIRECTS, methodAfterRedirect, sameOriginRedirectPath } from "./redirects.ts";
import { flattenResponseHeaders, requestHeaders } from "./request-headers.ts";
import { buildRequestPath } from "./request-path.ts";
import type { TargetPools } from "./target-pools.ts";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export interface HttpCapabilityDeps {
  targets: TargetRegistry;
  fields: FieldResolver;
  pools: TargetPools;
  gate: CallGate;
  stats: StatsRecorder;
  redactor: Redactor;
  limits: { timeoutMs: number; maxResponseBytes: number };
  /** The broker's own (redacting) diagnostics log. */
  log: Logger;
}

/** ctx.http: requests to the instance's own targets only, with auth injected host-side. */
export function createHttpCapability(deps: HttpCapabilityDeps): Ctx["http"] {
  // Digest nonces per (target, user), so that later requests authenticate up front.
  const digestSessions = new Map<string, DigestSession>();
  const digestSessionFor = (target: Target, auth: ResolvedAuth) => {
    if (auth.type !== "digest") return undefined;
    const key = `${target.id}\u0000${auth.username}`;
    let session = digestSessions.get(key);
    if (!session) digestSessions.set(key, session = new DigestSession(auth.username, auth.password));
    return session;
  };

  async function request(targetId: string, req: HttpRequest): Promise<HttpResponse> {
    if (req === null || typeof req !== "object") throw hostError("BROKER_REQUEST_INVALID", "the request must be an object");
    const target = deps.targets.get(targetId);
    const method = (req.method ?? "GET").toUpperCase();
    if (!METHODS.has(method)) throw hostError("BROKER_REQUEST_INVALID", `method must be one of ${[...METHODS].join(", ")}`);
    if (req.body !== undefined && typeof req.body !== "string") throw hostError("BROKER_REQUEST_INVALID", "body must be a string");
    if (req.body !== undefined && Buffer.byteLength(req.body) > MAX_REQUEST_BODY_BYTES) {
      throw hostError("BROKER_REQUEST_INVALID", `body must be at most ${MAX_REQUEST_BODY_BYTES} bytes`);
    }
    const path = buildRequestPath(req.path, req.query);
    const plan = planAuth(req.auth, deps.fields, target);
    const headers = requestHeaders(req.headers, plan.auth.type !== "none");
    const redactor = deps.redactor.with(plan.secretForms);
    const timeoutMs = typeof req.timeoutMs === "number" && req.timeoutMs > 0 ? Math.min(req.timeoutMs, deps.limits.timeoutMs) : deps.limits.timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const limits: ExchangeLimits = { signal: controller.signal, maxBytes: deps.limits.maxResponseBytes };
    const started = Date.now();
    const outgoing: OutgoingRequest = { method, path, headers, ...(req.body !== undefined ? { body: req.body } : {}) };
    deps.stats.bytesOut("http", path.length + (req.body === undefined ? 0 : Buffer.byteLength(req.body)));
    try {
      const follow = (dispatcher: Dispatcher, endpoint: HttpEndpoint) =>
        followRedirects(dispatcher, endpoint, outgoing, (hop) => authenticatedExchange(dispatcher, hop, plan.auth, limits, digestSessionFor(target, plan.auth)));
      const response = plan.auth.type === "ntlm"
        ? await deps.pools.withNtlmConnection(target, follow)
        : await deps.pools.pool(target).then(({ pool, endpoint }) => follow(pool, endpoint));
      deps.stats.bytesIn("http", response.body.length);
      const body = redactor.text(response.body.toString("utf8"));
      checkEncodedSize(body, "the response body", response.body.length, deps.limits.maxResponseBytes);
      deps.log.debug("http request", { target: target.id, method, path: redactor.text(path), status: response.status, ms: Date.now() - started });
      return { status: response.status, headers: flattenResponseHeaders(response.headers, (text) => redactor.text(text)), body };
    } catch (error) {
      deps.log.debug("http request failed", { target: target.id, method, path: redactor.text(path), code: (error as { code?: string }).code });
      throw sanitizeError(error, redactor, "BROKER_HTTP_FAILED");
    } finally {
      clearTimeout(timer);
    }
  }

  return { request: (targetId, req) => deps.gate.run("http", () => request(targetId, req)) };
}

/** Follows redirects that stay on the target's origin, refusing any other. */
async function followRedirects(
  dispatcher: Dispatcher, endpoint: HttpEndpoint, first: OutgoingRequest, send: (request: OutgoingRequest) => Promise<RawResponse>,
): Promise<RawResponse> {
  let request = first;
  for (let hops = 0; ; hops++) {
    const response = await send(request);
    if (!isRedirect(response.status)) return response;
    if (hops === MAX_REDIRECTS) throw hostError("BROKER_HTTP_FAILED", `more than ${MAX_REDIRECTS} redirects`);
    const location = response.headers.location;
    const path = sameOriginRedirectPath(Array.isArray(location) ? location[0] : location, request.path, endpoint);
    const { method, dropBody } = methodAfterRedirect(response.status, request.method);
    const headers = { ...request.headers };
    if (dropBody) delete headers["content-type"];
    request = { method, path, headers, ...(!dropBody && request.body !== undefined ? { body: request.body } : {}) };
  }
}
