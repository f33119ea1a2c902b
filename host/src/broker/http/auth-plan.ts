import type { HttpAuth, Target } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";
import type { FieldResolver, ResolvedField } from "../core/field-refs.ts";
import { splitNtlmUser } from "./ntlm.ts";

/** An addon's `auth` with every field reference replaced by its value, host-side. */
export type ResolvedAuth =
  | { type: "none" }
  | { type: "header"; authorization: string }
  | { type: "query"; params: ReadonlyMap<string, string> }
  | { type: "digest"; username: string; password: string }
  | { type: "ntlm"; username: string; password: string; domain: string };

export interface AuthPlan {
  auth: ResolvedAuth;
  /** Injected secret values and their derived forms, redacted from this request's response and errors. */
  secretForms: string[];
}

const MAX_QUERY_PARAMS = 16;

/** Resolves `auth` against the instance's fields; refuses unknown fields and malformed shapes. */
export function planAuth(auth: HttpAuth | undefined, fields: FieldResolver, target: Target): AuthPlan {
  if (auth === undefined || auth === null) return { auth: { type: "none" }, secretForms: [] };
  if (typeof auth !== "object") throw invalid("auth must be an object");
  const secretForms: string[] = [];
  const take = (ref: unknown, purpose: string): string => {
    const field: ResolvedField = fields.resolve(ref, `auth.${purpose}`, target);
    if (field.secret) secretForms.push(field.value);
    return field.value;
  };
  switch (auth.type) {
    case "basic": {
      const username = take(auth.username, "username");
      const password = take(auth.password, "password");
      if (username.includes(":")) throw invalid("auth.username must not contain ':' for Basic");
      const token = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
      secretForms.push(token);
      return { auth: { type: "header", authorization: `Basic ${token}` }, secretForms };
    }
    case "bearer": {
      const token = take(auth.token, "token");
      if (/[\r\n]/.test(token)) throw invalid("auth.token must be a single line");
      secretForms.push(token);
      return { auth: { type: "header", authorization: `Bearer ${token}` }, secretForms };
    }
    case "digest":
      return { auth: { type: "digest", username: take(auth.username, "username"), password: take(auth.password, "password") }, secretForms };
    case "ntlm": {
      const user = take(auth.username, "username");
      const password = take(auth.password, "password");
      const domain = auth.domain === undefined ? undefined : take(auth.domain, "domain");
      return { auth: { type: "ntlm", ...splitNtlmUser(user, domain), password }, secretForms };
    }
    case "query": {
      const entries = Object.entries(auth.params ?? {});
      if (entries.length === 0 || entries.length > MAX_QUERY_PARAMS) throw invalid(`auth.params must name 1 to ${MAX_QUERY_PARAMS} query parameters`);
      const params = new Map(entries.map(([name, ref]) => {
        if (!/^[\w.\-[\]]{1,64}$/.test(name)) throw invalid(`auth.params: '${name.slice(0, 64)}' is not a query parameter name`);
        return [name, take(ref, `params.${name}`)] as const;
      }));
      return { auth: { type: "query", params }, secretForms };
    }
    default:
      throw invalid(`auth.type must be basic, digest, ntlm, bearer or query, not ${JSON.stringify(String((auth as { type?: unknown }).type)).slice(0, 40)}`);
  }
}

function invalid(message: string) {
  return hostError("BROKER_REQUEST_INVALID", message);
}
