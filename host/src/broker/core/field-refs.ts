import type { SecretRef, Target } from "@opsconductor/sdk";
import { hostError } from "../../errors.ts";

/** How an addon names a value the host injects: a config field name, or `{ secret: field }`. */
export type FieldRef = string | SecretRef;

export interface ResolvedField {
  value: string;
  /** It came from the secrets: it must be redacted from whatever the request brings back. */
  secret: boolean;
}

/**
 * Resolves field references host-side. A plain string names a non-secret field
 * (the target's own fields first, then the instance config, then the secrets, since
 * whether a field is sensitive is the manifest's call, not the addon code's);
 * `{ secret }` names a secret field only.
 */
export class FieldResolver {
  readonly #config: Readonly<Record<string, unknown>>;
  readonly #secrets: Readonly<Record<string, unknown>>;

  constructor(config: Readonly<Record<string, unknown>>, secrets: Readonly<Record<string, unknown>>) {
    this.#config = config;
    this.#secrets = secrets;
  }

  /** The value a reference names, as a string; BROKER_SECRET_UNKNOWN when the field does not exist. */
  resolve(ref: unknown, purpose: string, target?: Target): ResolvedField {
    if (typeof ref === "string") {
      const plain = firstPresent([target?.[ref], own(this.#config, ref)]);
      if (plain !== undefined) return { value: asString(plain, ref, purpose), secret: false };
      return { value: asString(own(this.#secrets, ref), ref, purpose), secret: true };
    }
    if (isSecretRef(ref)) return { value: asString(own(this.#secrets, ref.secret), ref.secret, purpose), secret: true };
    throw hostError("BROKER_REQUEST_INVALID", `${purpose} must name a config field ("field") or a secret ({ secret: "field" })`);
  }

  /** A non-secret setting by convention: the first of `names` set on the target, else in the config. */
  setting(names: readonly string[], target: Target): unknown {
    for (const name of names) {
      const value = firstPresent([target[name], own(this.#config, name)]);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  /** A secret by convention: the first of `names` present in the secrets, else (non-sensitive schemas) the config. */
  secret(names: readonly string[]): string | undefined {
    for (const name of names) {
      const value = firstPresent([own(this.#secrets, name), own(this.#config, name)]);
      if (typeof value === "string" || typeof value === "number") return String(value);
    }
    return undefined;
  }
}

export function isSecretRef(value: unknown): value is SecretRef {
  return typeof value === "object" && value !== null && typeof (value as SecretRef).secret === "string"
    && Object.keys(value).length === 1;
}

function own(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function firstPresent(values: unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null && value !== "");
}

function asString(value: unknown, field: string, purpose: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (value === undefined) {
    throw hostError("BROKER_SECRET_UNKNOWN", `${purpose}: field '${field}' is not set in this connector instance's configuration`, { field });
  }
  throw hostError("BROKER_REQUEST_INVALID", `${purpose}: field '${field}' is not a text value`, { field });
}
