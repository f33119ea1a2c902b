import { Ajv, type ValidateFunction, type ErrorObject } from "ajv";
import type { RegExpEngine } from "ajv/dist/types/index.js";
import addFormatsModule from "ajv-formats";
import { OcError } from "../errors/oc-error.ts";
import { SdkErrorCodes } from "../errors/codes.ts";

// ajv-formats is CommonJS; under Node's ESM loader its default export is the module object.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

/**
 * Creates the project's standard ajv instance: all errors reported, formats on,
 * `sensitive` and `x-widget` accepted as annotations in config schemas.
 */
export function createAjv(
  options: { coerceTypes?: boolean; useDefaults?: boolean; removeAdditional?: boolean; regExp?: RegExpEngine } = {},
): Ajv {
  const ajv = new Ajv({
    ...(options.regExp ? { code: { regExp: options.regExp } } : {}),
    allErrors: true,
    strict: false,
    coerceTypes: options.coerceTypes ?? false,
    useDefaults: options.useDefaults ?? false,
    removeAdditional: options.removeAdditional ?? false,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "sensitive", schemaType: "boolean" });
  ajv.addKeyword({ keyword: "x-widget", schemaType: "string" });
  return ajv;
}

const shared = createAjv();
const compiled = new WeakMap<object, ValidateFunction>();

// The first pass of hot checks: stops at the first error and takes string lengths in UTF-16
// units. ajv calls its `unicode` option deprecated and says so when it compiles; that one
// notice is expected here, anything else it says is passed on.
const quick = new Ajv({
  allErrors: false,
  strict: false,
  unicode: false,
  logger: {
    log: console.log,
    warn: (...args: unknown[]) => {
      if (!String(args[0]).includes("option unicode")) console.warn(...args);
    },
    error: console.error,
  },
});
addFormats(quick);
const hotChecks = new WeakMap<object, HotCheck>();

/** A validator's verdict as data: null when the value is valid, else its errors. */
export type HotCheck = (value: unknown) => ErrorObject[] | null;

/**
 * A check with exactly the verdicts of {@link validatorFor}, for values checked by the
 * thousand (every alert a sandbox returns). A quick pass decides valid values: it stops at
 * the first error and measures strings in UTF-16 units, several times faster than counting
 * code points. Only a value it rejects is judged, and described, by the exact validator.
 * Sound because a string never has more code points than UTF-16 units, so a `maxLength`
 * passed by units is passed by code points; a `minLength` above 1 would not be, and is refused.
 *
 * @example
 * const problems = hotCheckFor(normalizedAlertSchema)(alert);
 * if (problems) throw new Error(describeErrors(problems));
 */
export function hotCheckFor(schema: object): HotCheck {
  let check = hotChecks.get(schema);
  if (!check) {
    assertNoLongMinLength(schema);
    const fast = quick.compile(schema);
    const exact = validatorFor(schema);
    check = (value) => (fast(value) || exact(value) ? null : (exact.errors ?? []));
    hotChecks.set(schema, check);
  }
  return check;
}

function assertNoLongMinLength(schema: unknown): void {
  if (schema === null || typeof schema !== "object") return;
  const { minLength } = schema as { minLength?: unknown };
  if (typeof minLength === "number" && minLength > 1) {
    throw new Error(`hotCheckFor cannot judge minLength ${minLength} by UTF-16 units; use validatorFor`);
  }
  for (const value of Object.values(schema)) assertNoLongMinLength(value);
}

/** Compiles (once per schema object) and returns a validator from the shared ajv instance. */
export function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = shared.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** `/severity must be equal to one of the allowed values` — one line per ajv error, naming the field. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors?.length) return "invalid";
  return errors
    .map((e) => {
      const at = e.instancePath || "/";
      if (e.keyword === "required") return `${at === "/" ? "" : at}/${String(e.params.missingProperty)} is required`;
      if (e.keyword === "additionalProperties") return `${at === "/" ? "" : at}/${String(e.params.additionalProperty)} is not allowed`;
      if (e.keyword === "enum") return `${at} must be one of ${(e.params.allowedValues as unknown[]).join(", ")}`;
      return `${at} ${e.message ?? "is invalid"}`;
    })
    .join("; ");
}

/**
 * Validates `value` against `schema` and returns it typed, or throws an OcError
 * with `code` whose message names every failing field.
 */
export function assertValid<T>(schema: object, value: unknown, code: string = SdkErrorCodes.SCHEMA_INVALID, what = "value"): T {
  const validate = validatorFor(schema);
  if (validate(value)) return value as T;
  throw new OcError(code, `${what} is invalid: ${describeErrors(validate.errors)}`, { errors: validate.errors ?? [] });
}
