import type { FromSchema } from "json-schema-to-ts";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";
import { describeErrors, validatorFor } from "../schemas/validator.ts";
import { ADDON_ID_PREFIX_PATTERN } from "../manifest/schema.ts";
import { keyIdOf } from "./keys.ts";

const ID_PREFIX = new RegExp(ADDON_ID_PREFIX_PATTERN);

/** `core`: built-ins; `trusted`: may use the worker runtime; `community`: isolate only (DESIGN §4.2). */
export const TRUST_LEVELS = ["core", "trusted", "community"] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/** JSON Schema of one trust-store entry (the host keeps an array of them in its data dir). */
export const trustEntrySchema = {
  $id: "https://opsconductor.dev/schemas/trust-entry.json",
  type: "object",
  required: ["keyId", "publicKey", "publisher", "idPrefixes", "level"],
  properties: {
    keyId: { type: "string", pattern: "^[0-9a-f]{16}$" },
    publicKey: { type: "string", minLength: 1 },
    publisher: { type: "string", minLength: 1, maxLength: 200 },
    /** `opsconductor.` or `opsconductor` (both: that label and below), or `*` for any id. */
    idPrefixes: { type: "array", minItems: 1, items: { type: "string", minLength: 1, maxLength: 128 } },
    level: { type: "string", enum: TRUST_LEVELS },
    revoked: { type: "boolean" },
  },
  additionalProperties: false,
} as const;
/** A key the host trusts, for which ids, at which level. */
export type TrustEntry = FromSchema<typeof trustEntrySchema>;

/**
 * Builds a trust entry for a public key, computing its key id.
 *
 * @example
 * createTrustEntry(readFileSync("acme.pub", "utf8"), { publisher: "Acme", idPrefixes: ["acme."], level: "community" });
 */
export function createTrustEntry(
  publicKeyPem: string,
  options: { publisher: string; idPrefixes: string[]; level: TrustLevel; revoked?: boolean },
): TrustEntry {
  const entry: TrustEntry = { keyId: keyIdOf(publicKeyPem), publicKey: publicKeyPem, publisher: options.publisher, idPrefixes: options.idPrefixes, level: options.level };
  if (options.revoked !== undefined) entry.revoked = options.revoked;
  return checkTrustEntry(entry);
}

/**
 * Validates a trust entry and that its `keyId` is really its public key's;
 * throws `TRUST_ENTRY_INVALID`.
 *
 * @example
 * const store = JSON.parse(readFileSync("data/trust.json", "utf8")).map(checkTrustEntry);
 */
export function checkTrustEntry(entry: unknown): TrustEntry {
  const validate = validatorFor(trustEntrySchema);
  if (!validate(entry)) throw new OcError(SdkErrorCodes.TRUST_ENTRY_INVALID, `trust entry is invalid: ${describeErrors(validate.errors)}`);
  const valid = entry as TrustEntry;
  let actual: string;
  try {
    actual = keyIdOf(valid.publicKey);
  } catch (error) {
    throw new OcError(SdkErrorCodes.TRUST_ENTRY_INVALID, `trust entry ${valid.keyId}: ${(error as Error).message}`);
  }
  if (actual !== valid.keyId) {
    throw new OcError(SdkErrorCodes.TRUST_ENTRY_INVALID, `trust entry ${valid.keyId} holds the public key of ${actual}`);
  }
  return valid;
}

/**
 * True when a key trusted for `prefixes` may sign `id`. A prefix matches at a
 * label boundary: `acme` and `acme.` allow `acme.ups` (and `acme` itself for the
 * former) but never `acmecorp.ups`; `*` allows any id.
 *
 * @example
 * keyMaySign(["opsconductor."], "opsconductor.prtg"); // true
 * keyMaySign(["acme"], "acmecorp.ups");               // false
 */
/**
 * Whether some addon id can fall under `prefix` (see keyMaySign): `*`, or an id's leading labels.
 *
 * @example
 * isIdPrefix("acme."); // true
 * isIdPrefix("ACME!"); // false: no id starts so
 */
export function isIdPrefix(prefix: string): boolean {
  return prefix === "*" || ID_PREFIX.test(prefix);
}

export function keyMaySign(prefixes: readonly string[], id: string): boolean {
  return prefixes.some((prefix) => {
    if (prefix === "*") return true;
    if (prefix.endsWith(".")) return id.startsWith(prefix);
    return id === prefix || id.startsWith(`${prefix}.`);
  });
}
