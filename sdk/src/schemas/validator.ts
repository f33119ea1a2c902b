import { Ajv, type ValidateFunction, type ErrorObject } from "ajv";
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
export function createAjv(options: { coerceTypes?: boolean; useDefaults?: boolean; removeAdditional?: boolean } = {}): Ajv {
  const ajv = new Ajv({
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
