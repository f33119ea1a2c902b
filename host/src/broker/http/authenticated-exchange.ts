import type { Dispatcher } from "undici";
import { hostError } from "../../errors.ts";
import type { ResolvedAuth } from "./auth-plan.ts";
import { DigestSession, pickDigestChallenge } from "./digest.ts";
import { exchange, type OutgoingRequest, type RawResponse } from "./exchange.ts";
import { authenticateMessage, negotiateMessage, parseChallengeMessage } from "./ntlm.ts";
import { withQueryParams } from "./request-path.ts";
import { parseChallenges } from "./www-authenticate.ts";

export interface ExchangeLimits {
  signal: AbortSignal;
  maxBytes: number;
}

/**
 * One request with its auth applied: Basic/Bearer headers and query parameters up
 * front; Digest up front once a nonce is known, else (and on a stale or expired
 * nonce) answering the 401 once; NTLM as the two-leg handshake on `dispatcher`,
 * which must then be a single keep-alive connection.
 */
export async function authenticatedExchange(
  dispatcher: Dispatcher, request: OutgoingRequest, auth: ResolvedAuth, limits: ExchangeLimits, digest?: DigestSession,
): Promise<RawResponse> {
  switch (auth.type) {
    case "none":
      return exchange(dispatcher, request, limits);
    case "header":
      return exchange(dispatcher, { ...request, headers: { ...request.headers, authorization: auth.authorization } }, limits);
    case "query":
      return exchange(dispatcher, { ...request, path: withQueryParams(request.path, auth.params) }, limits);
    case "digest":
      return digestExchange(dispatcher, request, digest ?? new DigestSession(auth.username, auth.password), limits);
    case "ntlm":
      return ntlmExchange(dispatcher, request, auth, limits);
  }
}

async function digestExchange(dispatcher: Dispatcher, request: OutgoingRequest, session: DigestSession, limits: ExchangeLimits): Promise<RawResponse> {
  const send = () => {
    const authorization = session.authorization(request.method, request.path);
    return exchange(dispatcher, authorization ? { ...request, headers: { ...request.headers, authorization } } : request, limits);
  };
  const first = await send();
  if (first.status !== 401) return first;
  const choice = pickDigestChallenge(parseChallenges(first.headers["www-authenticate"]));
  if (choice === undefined) return first;
  if ("unsupported" in choice) throw hostError("BROKER_AUTH_UNSUPPORTED", choice.unsupported);
  // A fresh nonce (stale, expired or first contact): answer once; a second 401 means wrong credentials.
  session.adopt(choice.challenge);
  return send();
}

async function ntlmExchange(dispatcher: Dispatcher, request: OutgoingRequest, auth: Extract<ResolvedAuth, { type: "ntlm" }>, limits: ExchangeLimits): Promise<RawResponse> {
  // Leg 1 carries no body (as curl does): the server answers it with its challenge, not by running it.
  const { body: _body, ...bodiless } = request;
  const first = await exchange(dispatcher, {
    ...bodiless, headers: { ...request.headers, authorization: `NTLM ${negotiateMessage().toString("base64")}` },
  }, limits);
  const challenge = parseChallenges(first.headers["www-authenticate"]).find((c) => c.scheme === "ntlm" && c.token);
  if (first.status !== 401 || !challenge?.token) return first;
  const type3 = authenticateMessage(parseChallengeMessage(Buffer.from(challenge.token, "base64")), auth);
  return exchange(dispatcher, { ...request, headers: { ...request.headers, authorization: `NTLM ${type3.toString("base64")}` } }, limits);
}
